import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { BUNDLE_VERSION, type BundleManifest, type InferencePart } from '../../src/core/inference.js';
import { InferencePipeline } from '../../src/runtime/index.js';

/** A tiny dense network from 4 inputs to `units` outputs, with seeded weights, as model.json + weights.bin. */
async function tinyModel(units: number, seed: number) {
  const input = tf.input({ shape: [4] });
  const out = tf.layers
    .dense({ units, kernelInitializer: tf.initializers.glorotUniform({ seed }), biasInitializer: 'ones' })
    .apply(input) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  const files: Record<string, Uint8Array> = {};
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      const json = {
        modelTopology: a.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }],
      };
      files['model.json'] = new TextEncoder().encode(JSON.stringify(json));
      files['weights.bin'] = new Uint8Array(a.weightData as ArrayBuffer);
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return { model, files };
}

/**
 * A bundle whose network stage has three separate networks: the softmax head `kind` (3 classes) whole,
 * and the two outputs of the sigmoid head `flags`, each its own network, listed last output first.
 */
async function bundle(parts: (owners: InferencePart['owners'][]) => InferencePart['owners'][] = (o) => o) {
  const nets = [await tinyModel(3, 1), await tinyModel(1, 2), await tinyModel(1, 3)];
  const owners = parts([[{ head: 0 }], [{ head: 1, entry: 1 }], [{ head: 1, entry: 0 }]]);
  const files = new Map<string, Uint8Array>();
  nets.forEach((n, i) => {
    for (const [f, bytes] of Object.entries(n.files)) files.set(`net/part-${i}/${f}`, bytes);
  });
  const manifest: BundleManifest = {
    format: 'concertina-bundle',
    version: BUNDLE_VERSION,
    pipeline: 'parts',
    mode: 'staged',
    run: { id: 'test', metrics: {} },
    exportedAt: new Date(0).toISOString(),
    concertinaVersion: '0',
    stages: [
      { op: 'input', shape: [4], id: 'data', kind: 'input', inputs: [] },
      {
        op: 'network',
        id: 'net',
        kind: 'dense-classifier',
        inputs: ['data'],
        heads: [
          { kind: 'softmax', label: 'kind', classes: ['a', 'b', 'c'] },
          { kind: 'sigmoid', label: 'flags', outputs: ['x', 'y'] },
        ],
        parts: owners.map((o, i) => ({ model: `net/part-${i}/model.json`, owners: o })),
        sequenceInput: false,
        lengthMultiple: 1,
        outputDivisor: 1,
      },
    ],
    output: 'net',
    customLayers: [],
  };
  files.set('manifest.json', new TextEncoder().encode(JSON.stringify(manifest)));
  return { files, models: nets.map((n) => n.model) };
}

test('separate networks are assembled: a whole head as it is, a sigmoid head from its outputs in order', async (t) => {
  const { files, models } = await bundle();
  const pipeline = await InferencePipeline.load(files);
  const x = [0.5, -1, 2, 0.25];
  const r = pipeline.run({ data: Float32Array.from(x), shape: [4] });
  const predict = (m: tf.LayersModel, f: (y: tf.Tensor) => tf.Tensor) =>
    tf.tidy(() => Array.from(f(m.predict(tf.tensor2d([x])) as tf.Tensor).dataSync()));
  const kind = predict(models[0]!, (y) => tf.logSoftmax(y));
  // Part 1 carries output 1 (y), part 2 output 0 (x).
  const flags = [...predict(models[2]!, tf.sigmoid), ...predict(models[1]!, tf.sigmoid)];
  const close = (a: ArrayLike<number>, b: readonly number[]) =>
    a.length === b.length && Array.from(a).every((v, i) => Math.abs(v - b[i]!) < 1e-6);
  const out = r.output;
  t.true(out.kind === 'classes' && !out.multiLabel && close(out.values, kind), JSON.stringify(out));
  const f = r.stages['net.flags'];
  t.true(f?.kind === 'classes' && f.multiLabel && close(f.values, flags), JSON.stringify(f));
  if (f?.kind === 'classes') t.deepEqual(f.names, ['x', 'y']);
  t.false(close(flags, [...flags].reverse()), 'the two outputs differ, so their order is tested');
  pipeline.dispose();
  models.forEach((m) => m.dispose());
});

for (const [what, change, message] of [
  ['an output of a sigmoid head without a network', (o: InferencePart['owners'][]) => o.slice(0, 2), /leave head 1/],
  ['a head owned twice', (o: InferencePart['owners'][]) => [...o, [{ head: 0 }]], /own head 0 more than once/],
  [
    'an output of a softmax head',
    (o: InferencePart['owners'][]) => [[{ head: 0, entry: 0 }], ...o.slice(1)],
    /name output 0 of head 0, which it does not have/,
  ],
  ['a head the stage does not have', (o: InferencePart['owners'][]) => [...o, [{ head: 2 }]], /name head 2/],
] as const) {
  test(`separate networks with ${what} are refused at load, naming the stage`, async (t) => {
    const { files, models } = await bundle(change);
    const err = await t.throwsAsync(InferencePipeline.load(files));
    t.regex(err?.message ?? '', /stage `net`: its separate networks/);
    t.regex(err?.message ?? '', message);
    models.forEach((m) => m.dispose());
  });
}
