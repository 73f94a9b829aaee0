import * as tf from '@tensorflow/tfjs';
import { inject, injectable } from 'inversify';
import type { DenseClassifierParams } from '../src/spec/generated/stages/dense-classifier.params.js';
import { NetworkStage } from '../src/stage/network-stage.js';
import type { LayerFactory } from '../src/stage/stage.js';
import type { StageContext } from '../src/stage/stage-context.js';
import type { StageDescriptor } from '../src/stage/stage-descriptor.js';
import { STAGE_CONTEXT } from '../src/stage/tokens.js';
import { seededDropout } from '../src/train/layers/seeded-dropout.js';
import { loadSchema } from '../src/util/package-root.js';

/** Trainable: a multi-layer perceptron from a vector (or a flattened image) to class scores. */
@injectable()
export class DenseClassifierStage extends NetworkStage<DenseClassifierParams> {
  static readonly descriptor: StageDescriptor<DenseClassifierParams> = {
    kind: 'dense-classifier',
    description: 'A multi-layer perceptron trained with softmax cross-entropy on a class label.',
    version: 1,
    paramsSchema: loadSchema('stages/dense-classifier.params.schema.json'),
    inputs: () => [{ name: 'features', kinds: ['vector', 'image', 'scores'] }],
    output: (_p, _inputs, ctx) => ({ kind: 'scores', dims: [ctx.supervision?.size ?? 'classes'] }),
    fit: 'supervised',
    labelKinds: ['class'],
    endToEnd: 'layers',
  };

  constructor(@inject(STAGE_CONTEXT) ctx: StageContext<DenseClassifierParams>) {
    super(ctx);
  }

  protected body(input: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
    const p = this.ctx.params;
    let x =
      input.shape.length > 2
        ? (tf.layers.flatten({ name: layers.name('flatten') }).apply(input) as tf.SymbolicTensor)
        : input;
    for (const units of p.hidden ?? [64]) {
      x = tf.layers
        .dense({
          units,
          activation: p.activation ?? 'relu',
          kernelInitializer: layers.initializer(),
          name: layers.name('dense'),
        })
        .apply(x) as tf.SymbolicTensor;
      if ((p.dropout ?? 0) > 0)
        x = seededDropout(p.dropout!, layers.seed(), layers.name('dropout')).apply(x) as tf.SymbolicTensor;
    }
    return x;
  }
}
