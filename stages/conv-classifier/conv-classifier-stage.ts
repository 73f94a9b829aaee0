import * as tf from '@tensorflow/tfjs';
import { inject, injectable } from 'inversify';
import { imageStandardize, NetworkStage, seededDropout, type LayerFactory } from '../../src/api/network.js';
import { STAGE_CONTEXT, type StageContext } from '../../src/api/plugin.js';
import type { ConvClassifierParams } from '../generated/conv-classifier.params.js';

/** Conv 3x3 + ReLU + max-pool blocks, a global pooling, then dense layers. */
@injectable()
export class ConvClassifierStage extends NetworkStage<ConvClassifierParams> {
  constructor(@inject(STAGE_CONTEXT) ctx: StageContext<ConvClassifierParams>) {
    super(ctx);
  }

  protected body(input: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
    const p = this.ctx.params;
    const drop = (x: tf.SymbolicTensor) =>
      p.dropout > 0
        ? (seededDropout(p.dropout, layers.seed(), layers.name('dropout')).apply(x) as tf.SymbolicTensor)
        : x;
    let x = p.standardize ? (imageStandardize(layers.name('standardize')).apply(input) as tf.SymbolicTensor) : input;
    for (const filters of p.filters) {
      x = tf.layers
        .conv2d({
          filters,
          kernelSize: p.kernelSize,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: layers.initializer('heNormal'),
          name: layers.name('conv'),
        })
        .apply(x) as tf.SymbolicTensor;
      x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: layers.name('pool') }).apply(x) as tf.SymbolicTensor;
    }
    const collapse =
      p.pooling === 'max'
        ? tf.layers.globalMaxPooling2d({ name: layers.name('max') })
        : p.pooling === 'average'
          ? tf.layers.globalAveragePooling2d({ name: layers.name('average') })
          : tf.layers.flatten({ name: layers.name('flatten') });
    x = drop(collapse.apply(x) as tf.SymbolicTensor);
    for (const units of p.hidden) {
      x = tf.layers
        .dense({
          units,
          activation: 'relu',
          kernelInitializer: layers.initializer('heNormal'),
          name: layers.name('dense'),
        })
        .apply(x) as tf.SymbolicTensor;
      x = drop(x);
    }
    return x;
  }
}
