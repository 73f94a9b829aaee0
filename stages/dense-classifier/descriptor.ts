import { loadSchema, type StageDescriptor } from '../../src/api/plugin.js';
import type { DenseClassifierParams } from '../generated/dense-classifier.params.js';

/** Trainable: a multi-layer perceptron from a vector (or a flattened image) to class scores. */
export const denseClassifierDescriptor: StageDescriptor<DenseClassifierParams> = {
  kind: 'dense-classifier',
  description: 'A multi-layer perceptron trained with softmax cross-entropy on a class label.',
  version: 1,
  paramsSchema: loadSchema('stages/dense-classifier.params.schema.json'),
  inputs: () => [{ name: 'features', kinds: ['vector', 'image', 'scores'] }],
  output: (_p, _inputs, ctx) => ({ kind: 'scores', dims: [ctx.supervision?.size ?? 'classes'] }),
  fit: 'supervised',
  labelKinds: ['class'],
  collapse: 'layers',
};
