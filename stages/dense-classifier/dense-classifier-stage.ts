import * as tf from '@tensorflow/tfjs';
import { inject, injectable } from 'inversify';
import { NetworkStage, seededDropout, type LayerFactory } from '../../src/api/network.js';
import { STAGE_CONTEXT, type StageContext } from '../../src/api/plugin.js';
import type { DenseClassifierParams } from '../generated/dense-classifier.params.js';

/** A multi-layer perceptron: dense layers (with dropout) on the flattened input. */
@injectable()
export class DenseClassifierStage extends NetworkStage<DenseClassifierParams> {
  constructor(@inject(STAGE_CONTEXT) ctx: StageContext<DenseClassifierParams>) {
    super(ctx);
  }

  protected body(input: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
    const p = this.ctx.params;
    let x =
      input.shape.length > 2
        ? (tf.layers.flatten({ name: layers.name('flatten') }).apply(input) as tf.SymbolicTensor)
        : input;
    for (const units of p.hidden) {
      x = tf.layers
        .dense({ units, activation: p.activation, kernelInitializer: layers.initializer(), name: layers.name('dense') })
        .apply(x) as tf.SymbolicTensor;
      if (p.dropout > 0)
        x = seededDropout(p.dropout, layers.seed(), layers.name('dropout')).apply(x) as tf.SymbolicTensor;
    }
    return x;
  }
}
