import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { StepCache } from '../../src/cache/step-cache.js';
import { createConcertina } from '../../src/container/create-concertina.js';
import type { BundleManifest } from '../../src/core/inference.js';
import { loadPipelineData } from '../../src/execute/pipeline-data.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import { InferencePipeline } from '../../src/runtime/index.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { modeOf } from '../../src/spec/spec-mode.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { bundleFiles } from './fsdd-bundle.js';

const dir = tempDir();
const env = { CONCERTINA_RUNS: path.join(dir, 'runs'), CONCERTINA_CACHE: path.join(dir, 'cache') };

/** Trains a pipeline of pipelines/ made small, exports it, and has eval write its test predictions. */
async function trainExport(name: string, shrink: (spec: Record<string, any>) => void) {
  const spec = JSON.parse(readFileSync(path.join(repoRoot, `pipelines/${name}.json`), 'utf8'));
  shrink(spec);
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ ...spec, $schema: undefined, ablation: undefined }));
  const run = await cli(['run', file, '--json'], { env, timeoutMs: 300_000 });
  if (run.code !== 0) throw new Error(run.stderr);
  const runDir = path.join(dir, 'runs', (JSON.parse(run.stdout) as { runId: string }).runId);
  const bundle = path.join(dir, `bundle-${name}`);
  const ex = await cli(['export', runDir, '--out', bundle], { env, timeoutMs: 300_000 });
  if (ex.code !== 0) throw new Error(ex.stderr);
  const predictions = path.join(dir, `predictions-${name}.json`);
  const ev = await cli(['eval', runDir, '--predictions', predictions], { env, timeoutMs: 300_000 });
  if (ev.code !== 0) throw new Error(ev.stderr);
  return {
    runDir,
    bundle,
    predictions: JSON.parse(readFileSync(predictions, 'utf8')) as { id: string; words: string[] }[],
  };
}

/** The run's test examples, loaded as concertina loads them (generated images, tabular rows). */
async function testExamples(runDir: string) {
  const app = await createConcertina();
  const loaded = validateSpec(
    JSON.parse(readFileSync(path.join(runDir, 'spec.json'), 'utf8')),
    path.join(runDir, 'spec.json'),
    {},
    runDir,
  );
  const plan = preparePlan(loaded, app.services.catalog, modeOf(loaded.spec));
  const { data, split } = await loadPipelineData(loaded, plan, app.services, {
    cache: new StepCache(env.CONCERTINA_CACHE),
  });
  return split.test.map((i) => data.examples[i]!);
}

for (const [name, shrink, layers] of [
  [
    'shapes-pretrain',
    (s: Record<string, any>) => {
      s.dataset.params.perClass = 30;
      s.stages[1].params = { filters: [8], hidden: [16], dropout: 0.1 };
      s.training.epochs = 3;
    },
    ['ImageStandardize'],
  ],
  [
    'tabular',
    (s: Record<string, any>) => {
      s.dataset.params.examplesPerClass = 40;
      s.training.epochs = 3;
    },
    [],
  ],
] as const) {
  test(`${name}: the exported bundle classifies every test example as concertina eval does`, async (t) => {
    const b = await trainExport(name, shrink);
    const manifest = JSON.parse(readFileSync(path.join(b.bundle, 'manifest.json'), 'utf8')) as BundleManifest;
    t.deepEqual(manifest.customLayers, layers);
    await tf.setBackend('wasm');
    const pipeline = await InferencePipeline.load(bundleFiles(b.bundle));
    const examples = await testExamples(b.runDir);
    t.true(examples.length >= 20);
    const got = examples.map((e) => {
      const out = pipeline.run(e.input).output;
      if (out.kind !== 'classes') throw new Error(`output kind ${out.kind}`);
      let best = 0;
      out.values.forEach((v, i) => (best = v > out.values[best]! ? i : best));
      return { id: e.id, words: [out.names[best]!] };
    });
    pipeline.dispose();
    t.deepEqual(
      got,
      b.predictions.map((p) => ({ id: p.id, words: p.words })),
    );
  });
}
