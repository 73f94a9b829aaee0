import test from 'ava';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { decodeWav, InferencePipeline } from '../../src/runtime/index.js';
import type { BundleManifest } from '../../src/core/inference.js';
import { fileLoadHandler } from '../../src/io/model-files.js';
import '../../src/api/network.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { bundleFiles, heldOut, trainExportEval, type TrainedBundle } from './fsdd-bundle.js';
import { stockPredict } from './stock-tfjs.js';

const dir = tempDir();
const data = heldOut(dir);
// Both runs train once (in child processes, one after the other: the machine is shared), when a test first asks.
const once = <T>(f: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
};
const staged = once(() => trainExportEval(dir, 'staged', data));
const endToEnd = once(() => staged().then(() => trainExportEval(dir, 'end-to-end', data)));

/** The runtime in this process, on the wasm backend as a Node user would run it, over every held-out file. */
async function runtimeWords(b: TrainedBundle): Promise<{ id: string; words: string[] }[]> {
  await tf.setBackend('wasm');
  const pipeline = await InferencePipeline.load(bundleFiles(b.bundle));
  const before = tf.memory().numTensors;
  const out = b.predictions.map((p) => {
    const audio = decodeWav(new Uint8Array(readFileSync(p.source)), p.source);
    return { id: p.id, words: [...pipeline.recognize(audio.samples, audio.sampleRate).words] };
  });
  if (tf.memory().numTensors !== before)
    throw new Error(`the runtime leaked ${tf.memory().numTensors - before} tensors`);
  pipeline.dispose();
  return out;
}

for (const [mode, trained] of [
  ['staged', staged],
  ['end-to-end', endToEnd],
] as const) {
  test(`${mode}: the Node runtime gives exactly the words of concertina eval on 60 held-out recordings`, async (t) => {
    const b = await trained();
    t.is(b.predictions.length, 60);
    const expected = b.predictions.map((p) => ({ id: p.id, words: p.words }));
    t.deepEqual(await runtimeWords(b), expected);
    // Not a degenerate agreement: the words vary over the recordings.
    t.true(new Set(expected.map((e) => e.words.join(' '))).size >= 2);
  });

  test(`${mode}: each exported model.json loads in stock tfjs (no concertina) and matches training`, async (t) => {
    const b = await trained();
    const manifest = JSON.parse(readFileSync(path.join(b.bundle, 'manifest.json'), 'utf8')) as BundleManifest;
    const networks = manifest.stages.filter((s) => s.op === 'network');
    t.true(networks.length >= 1);
    for (const s of networks) {
      if (s.op !== 'network') continue;
      t.truthy(s.model, 'one network: no parts');
      const model = s.model!;
      const topology = readFileSync(path.join(b.bundle, model), 'utf8');
      t.false(/SpecAugment|SeededDropout|Dropout/.test(topology), 'training-only layers are gone');
      const input = { shape: [2, 48, 39], data: Array.from({ length: 2 * 48 * 39 }, (_, i) => Math.sin(i * 0.37)) };
      const stock = await stockPredict(path.join(b.bundle, model), input);
      // The model as training saved it (custom layers and all), in this process.
      const trainedModel = await tf.loadLayersModel(fileLoadHandler(path.join(b.runDir, 'stages', s.id)));
      const expected = tf.tidy(() => {
        const y = trainedModel.predict(tf.tensor3d(input.data, input.shape as [number, number, number]));
        return Array.from((Array.isArray(y) ? y[0]! : y).dataSync());
      });
      trainedModel.dispose();
      t.is(stock.length, expected.length);
      const worst = Math.max(...stock.map((v, i) => Math.abs(v - expected[i]!)));
      t.true(worst < 1e-4, `stage ${s.id}: largest difference ${worst}`);
    }
  });
}

test('the manifest holds the inference graph: feature params, alphabets, lexicon, grammar, metrics', async (t) => {
  const b = await staged();
  const m = JSON.parse(readFileSync(path.join(b.bundle, 'manifest.json'), 'utf8')) as BundleManifest;
  t.is(m.format, 'concertina-bundle');
  t.is(m.version, 1);
  t.is(m.mode, 'staged');
  t.is(m.output, 'sentence');
  t.deepEqual(
    m.stages.map((s) => [s.id, s.op]),
    [
      ['audio', 'audio-input'],
      ['features', 'features'],
      ['phonemes', 'network'],
      ['words', 'lexicon-decoder'],
      ['sentence', 'grammar'],
    ],
  );
  const features = m.stages[1]!;
  t.true(features.op === 'features' && features.sampleRate === 8000 && features.params.coefficients === 13);
  const phonemes = m.stages[2]!;
  t.true(phonemes.op === 'network' && phonemes.heads[0]!.kind === 'ctc' && phonemes.heads[0]!.alphabet.length > 30);
  const words = m.stages[3]!;
  t.true(words.op === 'lexicon-decoder' && words.words.length === 10 && words.pronunciations.length === 10);
  const sentence = m.stages[4]!;
  t.true(sentence.op === 'grammar' && sentence.rule === 'digit' && sentence.ngram !== undefined);
  t.is(typeof m.run.metrics.sentence?.accuracy, 'number');
});

test('export of a folder that is not a run, or of a stage without an inference path, fails naming it', async (t) => {
  const notRun = await cli(['export', repoRoot]);
  t.is(notRun.code, 1);
  t.regex(notRun.stderr, /is not a run folder/);
  const env = { CONCERTINA_RUNS: path.join(dir, 'runs-plugin'), CONCERTINA_CACHE: path.join(dir, 'cache') };
  const run = await cli(['run', path.join(repoRoot, 'test/fixtures/specs/with-plugin.json'), '--json'], {
    env,
    timeoutMs: 300_000,
  });
  t.is(run.code, 0, run.stderr);
  const runDir = path.join(dir, 'runs-plugin', (JSON.parse(run.stdout) as { runId: string }).runId);
  // A run folder's spec names its plugins relative to where the spec was: --plugin brings the kind.
  const plugin = path.join(repoRoot, 'test/fixtures/plugins/clip-stage.js');
  const ex = await cli(['export', runDir, '--out', path.join(dir, 'plugin-bundle'), '--plugin', plugin], {
    env,
    timeoutMs: 300_000,
  });
  t.is(ex.code, 1);
  t.regex(ex.stderr, /stage `clipped` \(kind clip\) has no inference path/);
});

test('a layer class neither stock tfjs nor the runtime knows stops the export, naming stage and class', async (t) => {
  const env = { CONCERTINA_RUNS: path.join(dir, 'runs-custom'), CONCERTINA_CACHE: path.join(dir, 'cache') };
  const spec = path.join(repoRoot, 'test/fixtures/specs/custom-layer.json');
  const run = await cli(['run', spec, '--json'], { env, timeoutMs: 300_000 });
  t.is(run.code, 0, run.stderr);
  const runDir = path.join(dir, 'runs-custom', (JSON.parse(run.stdout) as { runId: string }).runId);
  const plugin = path.join(repoRoot, 'test/fixtures/plugins/custom-layer-stage.js');
  const out = path.join(dir, 'custom-bundle');
  const ex = await cli(['export', runDir, '--out', out, '--plugin', plugin], { env, timeoutMs: 300_000 });
  t.is(ex.code, 1);
  t.regex(
    ex.stderr,
    /stage `classifier` uses layer classes stock tfjs does not know: DoubleIt \(layer classifier\.double\)/,
  );
});
