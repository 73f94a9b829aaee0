import test from 'ava';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { createConcertina } from '../../src/container/create-concertina.js';
import type { RunCompleted } from '../../src/events/run-event.js';
import { evaluateRun } from '../../src/execute/evaluate-run.js';
import type { PipelineSpec } from '../../src/spec/generated/pipeline-spec.js';
import { repoRoot } from '../helpers/cli.js';
import { runSpec } from '../helpers/run.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The npm start pipeline, shrunk: 4 utterances per word, small models, 2 epochs. */
function tinySpeech(): PipelineSpec {
  const spec = JSON.parse(readFileSync(path.join(repoRoot, 'pipelines/synthetic-digits.json'), 'utf8')) as PipelineSpec;
  spec.dataset.params = { utterancesPerWord: 4, seed: 0, voices: ['m1', 'm3', 'f2', 'f4'], testVoices: ['f4'] };
  spec.stages[2]!.params = {
    layers: 1,
    units: 16,
    specAugment: { freqMasks: 1, freqWidth: 4, timeMasks: 1, timeWidth: 4 },
  };
  spec.stages[3]!.params = { maxWords: 1, layers: 1, units: 8 };
  spec.training = { epochs: 2, batchSize: 8, seed: 1 };
  delete spec.ablation;
  return spec;
}

const done = (events: Awaited<ReturnType<typeof runSpec>>) =>
  events.find((e): e is RunCompleted => e.type === 'run-completed')!;

for (const variant of ['staged', 'end-to-end', 'end-to-end-learned'] as const) {
  test(
    `${variant}: the speech pipeline trains, is evaluated per stage, ` +
      `and its saved run evaluates again identically`,
    async (t) => {
      const dir = tempDir();
      const spec = tinySpeech();
      if (variant === 'end-to-end-learned') spec.endToEnd = { features: 'learned' };
      const events = await runSpec(spec, { dir, mode: variant === 'staged' ? 'staged' : 'end-to-end' });
      const metrics = done(events).metrics;
      if (variant === 'staged') {
        t.deepEqual(Object.keys(metrics).sort(), ['phonemes', 'sentence', 'words']);
        t.true(typeof metrics.phonemes!.per === 'number');
      } else t.deepEqual(Object.keys(metrics).sort(), ['network', 'sentence']);
      for (const m of Object.values(metrics)) for (const v of Object.values(m)) t.true(Number.isFinite(v));
      const app = await createConcertina();
      const again = await evaluateRun(
        { runDir: path.join(dir, 'runs', events[0]!.runId), cacheDir: path.join(dir, 'cache') },
        app.services,
      );
      t.deepEqual(again.metrics, metrics);
    },
  );
}
