import * as tf from '@tensorflow/tfjs';
import { inject, injectable } from 'inversify';
import type { PortType } from '../src/compile/port-type.js';
import type { Problem } from '../src/errors/pipeline-error.js';
import type { ConvClassifierParams } from '../src/spec/generated/stages/conv-classifier.params.js';
import { NetworkStage } from '../src/stage/network-stage.js';
import type { LayerFactory } from '../src/stage/stage.js';
import type { StageContext } from '../src/stage/stage-context.js';
import type { StageDescriptor } from '../src/stage/stage-descriptor.js';
import { STAGE_CONTEXT } from '../src/stage/tokens.js';
import { seededDropout } from '../src/train/layers/seeded-dropout.js';
import { loadSchema } from '../src/util/package-root.js';
import { imageStandardize } from '../src/vision/image-standardize.js';

/**
 * Trainable: a small CNN from an image to scores. Class labels train it through a softmax head (its
 * items are log-probabilities per class); multi-label labels through a sigmoid head (its items are a
 * probability per output).
 */
@injectable()
export class ConvClassifierStage extends NetworkStage<ConvClassifierParams> {
  static readonly descriptor: StageDescriptor<ConvClassifierParams> = {
    kind: 'conv-classifier',
    description:
      'A small convolutional network (conv 3x3 + ReLU + max-pool blocks, dense layers) ' +
      'from an image to class or multi-label scores.',
    version: 1,
    paramsSchema: loadSchema('stages/conv-classifier.params.schema.json'),
    inputs: () => [{ name: 'image', kinds: ['image'], dims: ['H', 'W', 'C'] }],
    output: (_p, _inputs, ctx) => ({ kind: 'scores', dims: [ctx.supervision?.size ?? 'classes'] }),
    check: (p, inputs) => imageSizeProblems(p, inputs[0]),
    fit: 'supervised',
    labelKinds: ['class', 'multi-label'],
    endToEnd: 'layers',
  };

  constructor(@inject(STAGE_CONTEXT) ctx: StageContext<ConvClassifierParams>) {
    super(ctx);
  }

  protected body(input: tf.SymbolicTensor, layers: LayerFactory): tf.SymbolicTensor {
    const p = this.ctx.params;
    const dropout = p.dropout ?? 0;
    let x =
      (p.standardize ?? true)
        ? (imageStandardize(layers.name('standardize')).apply(input) as tf.SymbolicTensor)
        : input;
    for (const filters of p.filters ?? [16, 32]) {
      x = tf.layers
        .conv2d({
          filters,
          kernelSize: p.kernelSize ?? 3,
          padding: 'same',
          activation: 'relu',
          kernelInitializer: layers.initializer('heNormal'),
          name: layers.name('conv'),
        })
        .apply(x) as tf.SymbolicTensor;
      x = tf.layers.maxPooling2d({ poolSize: 2, strides: 2, name: layers.name('pool') }).apply(x) as tf.SymbolicTensor;
    }
    const pooling = p.pooling ?? 'max';
    const collapse =
      pooling === 'max'
        ? tf.layers.globalMaxPooling2d({ name: layers.name('max') })
        : pooling === 'average'
          ? tf.layers.globalAveragePooling2d({ name: layers.name('average') })
          : tf.layers.flatten({ name: layers.name('flatten') });
    x = collapse.apply(x) as tf.SymbolicTensor;
    if (dropout > 0) x = seededDropout(dropout, layers.seed(), layers.name('dropout')).apply(x) as tf.SymbolicTensor;
    for (const units of p.hidden ?? [64]) {
      x = tf.layers
        .dense({
          units,
          activation: 'relu',
          kernelInitializer: layers.initializer('heNormal'),
          name: layers.name('dense'),
        })
        .apply(x) as tf.SymbolicTensor;
      if (dropout > 0) x = seededDropout(dropout, layers.seed(), layers.name('dropout')).apply(x) as tf.SymbolicTensor;
    }
    return x;
  }
}

/** Each block halves the image (rounding down): it must still be at least a pixel after the last one. */
function imageSizeProblems(p: ConvClassifierParams, input: PortType | undefined): Omit<Problem, 'file' | 'stageId'>[] {
  const blocks = (p.filters ?? [16, 32]).length;
  const need = 2 ** blocks;
  const [h, w] = input?.dims ?? [];
  const small = [h, w].filter((d): d is number => typeof d === 'number' && d < need);
  if (!small.length) return [];
  return [
    {
      code: 'image-too-small',
      pointer: '/filters',
      message:
        `${blocks} convolution blocks halve the image ${blocks} times, ` +
        `so it must be at least ${need}x${need} pixels; it is ${h}x${w}`,
      hint: `use at most ${Math.floor(Math.log2(Math.min(...small)))} filters entries, or larger images`,
    },
  ];
}
