import * as tf from '@tensorflow/tfjs';
import type { LayerFactory } from './layer-factory.js';

/** A linear dense layer of `units` on top of `x`: how a stage keeps its output size inside a collapsed network. */
export function bottleneck(x: tf.SymbolicTensor, units: number, layers: LayerFactory): tf.SymbolicTensor {
  return tf.layers
    .dense({ units, kernelInitializer: layers.initializer(), name: layers.name('bottleneck') })
    .apply(x) as tf.SymbolicTensor;
}
