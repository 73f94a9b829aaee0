import { loadSchema, type PortType, type Problem, type StageDescriptor } from '../../src/api/plugin.js';
import type { ConvClassifierParams } from '../generated/conv-classifier.params.js';

/**
 * Trainable: a small CNN from an image to scores. Class labels train it through a softmax head (its
 * items are log-probabilities per class); multi-label labels through a sigmoid head (its items are a
 * probability per output).
 */
export const convClassifierDescriptor: StageDescriptor<ConvClassifierParams> = {
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
  collapse: 'layers',
};

/** Each block halves the image (rounding down): it must still be at least a pixel after the last one. */
function imageSizeProblems(p: ConvClassifierParams, input: PortType | undefined): Omit<Problem, 'file' | 'stageId'>[] {
  const blocks = p.filters.length;
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
