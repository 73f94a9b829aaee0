import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs';
import { StepCache } from '../../src/cache/step-cache.js';
import { createConcertina } from '../../src/container/create-concertina.js';
import type { BundleManifest } from '../../src/core/inference.js';
import { loadPipelineData } from '../../src/execute/pipeline-data.js';
import { fileLoadHandler } from '../../src/io/model-files.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import { InferencePipeline } from '../../src/runtime/index.js';
// Registers concertina's layers (SeededDropout...), which the parts as training saved them use.
import '../../src/api/network.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { modeOf } from '../../src/spec/spec-mode.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { bundleFiles } from './fsdd-bundle.js';
import { stockPredict } from './stock-tfjs.js';

const dir = tempDir();
const env = { CONCERTINA_RUNS: path.join(dir, 'runs'), CONCERTINA_CACHE: path.join(dir, 'cache') };
const OBJECTS = ['pedestrian', 'car', 'stop_sign', 'traffic_light'];

/**
 * The single-task arm of street-scene-multitask, made small (16x16 scenes, one conv block, 2 epochs): four
 * separate networks, one per object. Trained, exported, and evaluated with --predictions, through the CLI.
 */
async function trainExportEval() {
  const spec = JSON.parse(readFileSync(path.join(repoRoot, 'pipelines/street-scene-multitask.json'), 'utf8'));
  spec.dataset.params = { ...spec.dataset.params, count: 400, size: 16 };
  // No per-image standardisation (a layer of concertina's): every part is stock tfjs layers only.
  // Dropout stays in: export must take it out of every part.
  spec.stages[1].params = { filters: [4], hidden: [8], dropout: 0.1, standardize: false };
  spec.training = { ...spec.training, epochs: 2, earlyStopping: undefined };
  spec.transforms = spec.ablation.arms.find((a: { name: string }) => a.name === 'single-task').set.transforms;
  const file = path.join(dir, 'street-separate.json');
  writeFileSync(file, JSON.stringify({ ...spec, $schema: undefined, ablation: undefined }));
  const run = await cli(['run', file, '--json'], { env, timeoutMs: 300_000 });
  if (run.code !== 0) throw new Error(`run failed: ${run.stderr}`);
  const runDir = path.join(dir, 'runs', (JSON.parse(run.stdout) as { runId: string }).runId);
  const bundle = path.join(dir, 'bundle');
  const ex = await cli(['export', runDir, '--out', bundle], { env, timeoutMs: 300_000 });
  if (ex.code !== 0) throw new Error(`export failed: ${ex.stderr}`);
  const predictions = path.join(dir, 'predictions.json');
  const ev = await cli(['eval', runDir, '--predictions', predictions], { env, timeoutMs: 300_000 });
  if (ev.code !== 0) throw new Error(`eval failed: ${ev.stderr}`);
  return {
    runDir,
    bundle,
    exportOutput: ex.stdout,
    manifest: JSON.parse(readFileSync(path.join(bundle, 'manifest.json'), 'utf8')) as BundleManifest,
    predictions: JSON.parse(readFileSync(predictions, 'utf8')) as { id: string; words: string[]; scores: number[] }[],
  };
}
const trained = trainExportEval();

/** The run's test scenes, loaded as concertina loads them. */
async function testExamples(runDir: string) {
  const app = await createConcertina();
  const file = path.join(runDir, 'spec.json');
  const loaded = validateSpec(JSON.parse(readFileSync(file, 'utf8')), file, {}, runDir);
  const plan = preparePlan(loaded, app.services.catalog, modeOf(loaded.spec));
  const { data, split } = await loadPipelineData(loaded, plan, app.services, {
    cache: new StepCache(env.CONCERTINA_CACHE),
  });
  return split.test.map((i) => data.examples[i]!);
}

test('separate networks per head export as one model per part; the manifest says which heads each owns', async (t) => {
  const b = await trained;
  const stage = b.manifest.stages.find((s) => s.id === 'detector');
  if (stage?.op !== 'network') return t.fail(`the detector stage is ${stage?.op}`);
  t.is(stage.model, undefined);
  t.deepEqual(stage.heads, [{ kind: 'sigmoid', label: 'objects', outputs: OBJECTS }]);
  t.deepEqual(stage.parts, [
    { model: 'detector/part-0/model.json', owners: [{ head: 0, entry: 0 }] },
    { model: 'detector/part-1/model.json', owners: [{ head: 0, entry: 1 }] },
    { model: 'detector/part-2/model.json', owners: [{ head: 0, entry: 2 }] },
    { model: 'detector/part-3/model.json', owners: [{ head: 0, entry: 3 }] },
  ]);
  t.deepEqual(b.manifest.customLayers, []);
  t.regex(b.exportOutput, /detector\s+network detector\/part-0\/model\.json, .*detector\/part-3\/model\.json/);
});

test('each part loads in stock tfjs (no concertina) and gives its trained network outputs', async (t) => {
  const b = await trained;
  const stage = b.manifest.stages.find((s) => s.id === 'detector');
  if (stage?.op !== 'network' || !stage.parts) return t.fail('no parts');
  const input = { shape: [2, 16, 16, 3], data: Array.from({ length: 2 * 16 * 16 * 3 }, (_, i) => Math.sin(i * 0.37)) };
  const outputs: number[][] = [];
  for (const [i, part] of stage.parts.entries()) {
    const topology = readFileSync(path.join(b.bundle, part.model), 'utf8');
    t.false(/Dropout/.test(topology), `part ${i}: training-only layers are gone`);
    const stock = await stockPredict(path.join(b.bundle, part.model), input);
    // The part as training saved it, in this process.
    const saved = await tf.loadLayersModel(fileLoadHandler(path.join(b.runDir, 'stages', 'detector', `net-${i}`)));
    const expected = tf.tidy(() =>
      Array.from((saved.predict(tf.tensor(input.data, input.shape)) as tf.Tensor).dataSync()),
    );
    saved.dispose();
    t.is(stock.length, 2, `part ${i}: one output per example`);
    const worst = Math.max(...stock.map((v, k) => Math.abs(v - expected[k]!)));
    t.true(worst < 1e-4, `part ${i}: largest difference ${worst}`);
    outputs.push(stock);
  }
  // Four networks of their own, not one saved four times.
  t.is(new Set(outputs.map((o) => o.join(','))).size, 4);
});

test('the runtime runs every part and gives the outputs concertina eval gives on every test scene', async (t) => {
  const b = await trained;
  await tf.setBackend('wasm');
  const pipeline = await InferencePipeline.load(bundleFiles(b.bundle));
  const examples = await testExamples(b.runDir);
  t.is(examples.length, b.predictions.length);
  t.true(examples.length >= 50);
  const before = tf.memory().numTensors;
  const got = examples.map((e) => {
    const out = pipeline.run(e.input).output;
    if (out.kind !== 'classes') throw new Error(`output kind ${out.kind}`);
    t.true(out.multiLabel);
    t.deepEqual(out.names, OBJECTS);
    return { id: e.id, words: OBJECTS.filter((_, k) => out.values[k]! >= 0.5), scores: Array.from(out.values) };
  });
  t.is(tf.memory().numTensors, before, 'the runtime leaks no tensors');
  pipeline.dispose();
  t.deepEqual(
    got.map((g) => ({ id: g.id, words: g.words })),
    b.predictions.map((p) => ({ id: p.id, words: p.words })),
  );
  let worst = 0;
  got.forEach((g, i) =>
    g.scores.forEach((v, k) => (worst = Math.max(worst, Math.abs(v - b.predictions[i]!.scores[k]!)))),
  );
  t.true(worst < 1e-5, `largest difference from eval's probabilities ${worst}`);
  // Not a degenerate agreement: the four outputs differ, and so do the scenes.
  t.true(new Set(got.map((g) => g.words.join(' '))).size >= 2);
  t.true(OBJECTS.every((_, k) => new Set(got.map((g) => g.scores[k]!.toFixed(4))).size >= 10));
});
