import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { shapesDataset } from '../../datasets/shapes.js';
import { streetScenes } from '../../datasets/street-scenes.js';
import { ConvClassifierStage } from '../../stages/conv-classifier/conv-classifier-stage.js';
import { convClassifierDescriptor } from '../../stages/conv-classifier/descriptor.js';
import { selectBackend } from '../../src/backend/select-backend.js';
import type { PortType } from '../../src/core/port-type.js';
import type { LabelInfo } from '../../src/core/label.js';
import type { ConvClassifierParams } from '../../stages/generated/conv-classifier.params.js';
import type { ResolvedTraining } from '../../src/spec/resolved-training.js';
import type { Item, LabelValue } from '../../src/core/item.js';
import type { StageContext } from '../../src/stage/stage-context.js';
import { validateAgainst } from '../../src/spec/schema-validator.js';
import { tempDir } from '../helpers/temp-dir.js';
import { stageParams } from '../helpers/kind-defaults.js';
import { loadWithDefaults } from '../vision/helpers.js';

const descriptor = convClassifierDescriptor;
const P = (x: object) => stageParams<ConvClassifierParams>(descriptor, x);
const training: ResolvedTraining = {
  epochs: 6,
  batchSize: 32,
  seed: 3,
  optimizer: { kind: 'adam', learningRate: 0.005 },
  earlyStopping: false,
};

/** A stage as a run would build it: params with schema defaults, types from the data. */
function makeStage(
  params: Record<string, unknown>,
  input: PortType,
  supervision: LabelInfo & { name: string },
  epochs: number[],
): ConvClassifierStage {
  const p = structuredClone(params);
  if (validateAgainst(descriptor.paramsSchema, p, '/params', {}).length) throw new Error('bad params');
  const ctx: StageContext<ConvClassifierParams> = {
    stageId: 'cnn',
    kind: 'conv-classifier',
    params: p as unknown as ConvClassifierParams,
    seed: 11,
    training,
    inputTypes: [input],
    outputType: { kind: 'scores', dims: [supervision.names.length] },
    supervision,
    heads: { weight: 1, extra: [], separate: false },
    report: { epoch: (e) => epochs.push(e.loss), batch: () => {}, log: () => {} },
    signal: new AbortController().signal,
  };
  return new ConvClassifierStage(ctx);
}

const compileCtx = (size?: number) => ({
  dataset: {
    input: { kind: 'image' as const, dims: [28, 28, 1] },
    labels: {},
    hasOfficialSplit: true,
    hasGroups: false,
  },
  supervision: { kind: 'class' as const, name: 'shape', ...(size !== undefined ? { size } : {}) },
  services: new Set<string>(),
  vocabularySize: undefined,
});

test('the descriptor: images in, scores[classes] out, class or multi-label supervision, layers end to end', (t) => {
  t.is(descriptor.kind, 'conv-classifier');
  t.deepEqual(descriptor.labelKinds, ['class', 'multi-label']);
  t.is(descriptor.collapse, 'layers');
  t.deepEqual(descriptor.output(P({}), [{ kind: 'image', dims: [28, 28, 1] }], compileCtx(4)), {
    kind: 'scores',
    dims: [4],
  });
  t.deepEqual(descriptor.output(P({}), [{ kind: 'image', dims: [28, 28, 1] }], compileCtx()), {
    kind: 'scores',
    dims: ['classes'],
  });
  t.deepEqual(descriptor.inputs(P({}))[0]!.kinds, ['image']);
});

test('the check rejects more pooling blocks than the image can take, and names the fix', (t) => {
  t.deepEqual(descriptor.check!(P({ filters: [8, 8, 8] }), [{ kind: 'image', dims: [28, 28, 1] }], compileCtx(4)), []);
  const problems = descriptor.check!(P({ filters: [8, 8, 8] }), [{ kind: 'image', dims: [6, 6, 1] }], compileCtx(4));
  t.is(problems.length, 1);
  t.is(problems[0]!.code, 'image-too-small');
  t.is(problems[0]!.pointer, '/filters');
  t.regex(problems[0]!.message, /3 convolution blocks .* at least 8x8 pixels; it is 6x6/);
  t.regex(problems[0]!.hint!, /at most 2 filters entries/);
  t.deepEqual(descriptor.check!(P({}), [{ kind: 'image', dims: ['H', 'W', 1] }], compileCtx(4)), []);
});

/** Inputs and labels of one official split. */
function split(
  examples: readonly { input: Item; labels: Readonly<Record<string, LabelValue>>; officialSplit?: string }[],
  which: string,
  label: string,
) {
  const chosen = examples.filter((e) => e.officialSplit === which);
  return { inputs: [chosen.map((e) => e.input)], labels: chosen.map((e) => e.labels[label]!) };
}

test.serial('trains on a few hundred plain shapes on wasm to well above chance, and leaks no tensors', async (t) => {
  await selectBackend('wasm');
  const data = await loadWithDefaults(shapesDataset, {
    classes: ['circle', 'square', 'triangle', 'cross'],
    perClass: 100,
  });
  const train = split(data.examples, 'train', 'shape');
  const held = split(data.examples, 'test', 'shape');
  const before = tf.memory().numTensors;
  const losses: number[] = [];
  const stage = makeStage(
    { filters: [8, 16], hidden: [32] },
    { kind: 'image', dims: [28, 28, 1] },
    { ...data.labels.shape!, name: 'shape' },
    losses,
  );
  const start = performance.now();
  await stage.fit({ train, validation: undefined });
  const out = await stage.transform(held.inputs);
  const m = stage.evaluate(out, held.labels);
  t.log(
    `320 images x ${training.epochs} epochs in ${(performance.now() - start).toFixed(0)} ms; ` +
      `test accuracy ${m.accuracy}`,
  );
  t.true(m.accuracy! > 0.65, `accuracy ${m.accuracy} (chance 0.25)`);
  t.true(losses[losses.length - 1]! < losses[0]!, losses.join(' '));
  t.deepEqual(out[0]!.shape, [4]);
  t.true(Math.abs([...out[0]!.data].reduce((a, v) => a + Math.exp(v), 0) - 1) < 1e-4, 'log-probabilities');
  const dir = tempDir();
  await stage.save(dir);
  const again = makeStage(
    { filters: [8, 16], hidden: [32] },
    { kind: 'image', dims: [28, 28, 1] },
    { ...data.labels.shape!, name: 'shape' },
    [],
  );
  await again.load(dir);
  const reloaded = await again.transform(held.inputs);
  t.true(
    reloaded.every((o, i) => o.data.every((v, j) => v === out[i]!.data[j])),
    'a saved stage loads to the same outputs',
  );
  again.dispose();
  stage.dispose();
  t.is(tf.memory().numTensors, before);
});

test.serial('trains a sigmoid head on street scenes with unknown labels; items are probabilities', async (t) => {
  await selectBackend('wasm');
  const data = await loadWithDefaults(streetScenes, { count: 500, unknownRate: 0.3 });
  const train = split(data.examples, 'train', 'objects');
  const held = split(data.examples, 'test', 'objects');
  const before = tf.memory().numTensors;
  const losses: number[] = [];
  const stage = makeStage(
    { filters: [8, 16], hidden: [32] },
    { kind: 'image', dims: [32, 32, 3] },
    { ...data.labels.objects!, name: 'objects' },
    losses,
  );
  await stage.fit({ train, validation: undefined });
  const out = await stage.transform(held.inputs);
  const m = stage.evaluate(out, held.labels);
  t.log(`scene metrics ${JSON.stringify(m)}`);
  t.deepEqual(out[0]!.shape, [4]);
  t.true(out.every((o) => o.data.every((v) => v >= 0 && v <= 1)));
  t.true(m.accuracy! > 0.6, `accuracy ${m.accuracy} (chance 0.5)`);
  t.true(m['stop_sign.f1']! > 0.8, `stop sign F1 ${m['stop_sign.f1']}`);
  t.true(losses[losses.length - 1]! < losses[0]!, losses.join(' '));
  for (const name of data.labels.objects!.names) t.is(typeof m[`${name}.f1`], 'number');
  stage.dispose();
  t.is(tf.memory().numTensors, before);
});
