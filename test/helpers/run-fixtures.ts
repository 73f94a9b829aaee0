// Run and ablation folders as concertina writes them, generated without training: for the dashboard's tests,
// its screenshots and its benchmark (1,000 runs in a second or two).
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reportJson } from '../../src/ablation/report/report-json.js';
import type { TrialResult } from '../../src/ablation/trial-result.js';
import { appendEpochSeries, writeRunDvcYaml } from '../../src/dvc/dvclive-layout.js';

/** What a generated run looks like. */
export interface FixtureRun {
  readonly spec?: string;
  readonly mode?: 'staged' | 'end-to-end';
  readonly state?: 'running' | 'completed' | 'failed';
  readonly epochs?: number;
  readonly seed?: number;
  readonly trainFraction?: number;
  readonly learningRate?: number;
  /** Final accuracy; the curve rises towards it. */
  readonly accuracy?: number;
  readonly startedAt?: Date;
  readonly trainExamples?: number;
}

const json = (dir: string, name: string, value: unknown) =>
  writeFileSync(path.join(dir, name), JSON.stringify(value, null, 2) + '\n');

/** A plan.json like `concertina plan --json` prints for a three-stage pipeline (collapsed in end-to-end mode). */
function plan(spec: string, mode: string) {
  const features = { id: 'features', kind: 'standardize', inputs: ['data'], output: 'vector', supervision: null };
  const classifier = {
    id: 'classifier',
    kind: 'dense-classifier',
    inputs: ['features'],
    output: 'label',
    supervision: 'label',
  };
  const input = { id: 'data', kind: 'input', inputs: [], output: 'vector', supervision: null };
  const collapsed = {
    id: 'classifier',
    kind: 'collapsed-network',
    inputs: ['data'],
    output: 'label',
    supervision: 'label',
    members: [features, classifier],
  };
  const nodes = mode === 'end-to-end' ? [input, collapsed] : [input, features, classifier];
  return {
    pipeline: spec,
    mode,
    dataset: 'synthetic-tabular',
    compiled: { output: 'classifier', outputs: ['classifier'], nodes: [input, features, classifier] },
    rewrites:
      mode === 'end-to-end'
        ? [
            {
              kind: 'collapse',
              pointer: '/transforms/0',
              changes: [{ action: 'collapse', nodes: ['classifier'], summary: 'features + classifier: one network' }],
            },
          ]
        : [],
    graph: { output: 'classifier', outputs: ['classifier'], nodes },
    steps: nodes.map((n) => ({ id: n.id, action: n.supervision ? 'fit' : 'transform', scope: 'run' })),
  };
}

/** One epoch's event line (and its DVCLive rows). */
export function epochEvent(dir: string, runId: string, epoch: number, epochs: number, accuracy: number): void {
  const acc = accuracy * (1 - 0.6 * Math.exp(-epoch / 2));
  const e = {
    type: 'epoch-end',
    runId,
    stageId: 'classifier',
    at: new Date().toISOString(),
    epoch,
    epochs,
    loss: 1.5 * Math.exp(-epoch / 3),
    metrics: { 'validation loss': 1.6 * Math.exp(-epoch / 3), accuracy: acc },
    best: true,
  };
  appendFileSync(path.join(dir, 'events.jsonl'), JSON.stringify(e) + '\n');
  appendEpochSeries(dir, e);
}

/** Writes a run folder under `root` (status, spec, env, plan, events, metrics, DVCLive files); returns its folder. */
export function writeFixtureRun(root: string, id: string, o: FixtureRun = {}): string {
  const dir = path.join(root, id);
  mkdirSync(dir, { recursive: true });
  const spec = o.spec ?? 'tabular';
  const mode = o.mode ?? 'staged';
  const state = o.state ?? 'completed';
  const epochs = o.epochs ?? 5;
  const seed = o.seed ?? 1;
  const accuracy = o.accuracy ?? 0.8;
  const started = o.startedAt ?? new Date();
  const duration = 1000 + epochs * 400;
  const status = { runId: id, state: 'running', startedAt: started.toISOString(), pid: process.pid };
  json(dir, 'status.json', status);
  json(dir, 'spec.json', {
    name: spec,
    mode,
    dataset: { kind: 'synthetic-tabular', params: { classes: 4 }, trainFraction: o.trainFraction ?? 1 },
    stages: [
      { id: 'data', kind: 'input' },
      { id: 'features', kind: 'standardize', inputs: ['data'] },
      { id: 'classifier', kind: 'dense-classifier', inputs: ['features'], supervision: 'label' },
    ],
    training: { epochs, seed, optimizer: { kind: 'adam', learningRate: o.learningRate ?? 0.005 } },
  });
  json(dir, 'env.json', {
    concertina: '0.1.0',
    node: process.version,
    platform: 'linux x64',
    cpus: 2,
    memoryGiB: 8,
    backend: { name: 'wasm', requested: 'auto', reason: 'fixture' },
    packages: { '@tensorflow/tfjs': '4.22.0' },
    git: null,
    seed,
    argv: ['concertina', 'run', `${spec}.json`],
    cwd: '/',
  });
  json(dir, 'plan.json', plan(spec, mode));
  writeRunDvcYaml(dir, false);
  const event = (e: Record<string, unknown>) =>
    appendFileSync(
      path.join(dir, 'events.jsonl'),
      JSON.stringify({ runId: id, stageId: null, at: started.toISOString(), ...e }) + '\n',
    );
  event({ type: 'run-started', pipeline: spec, mode, seed, backend: 'wasm', dir });
  event({ type: 'stage-started', stageId: 'classifier', kind: 'dense-classifier', action: 'fit' });
  const done = state === 'running' ? Math.floor(epochs / 2) : epochs;
  for (let epoch = 1; epoch <= done; epoch++) epochEvent(dir, id, epoch, epochs, accuracy);
  if (state === 'running') return dir;
  const ended = new Date(started.getTime() + duration).toISOString();
  if (state === 'failed') {
    event({ type: 'run-failed', error: { name: 'StageError', message: 'the loss became NaN' }, durationMs: duration });
    json(dir, 'status.json', { ...status, state, endedAt: ended, error: 'the loss became NaN' });
    return dir;
  }
  const metrics = { classifier: { accuracy, loss: 0.4, n: 200 } };
  json(dir, 'metrics.json', {
    runId: id,
    dir,
    pipeline: spec,
    mode,
    seed,
    backend: 'wasm',
    metrics,
    primary: { stageId: 'classifier', metric: 'accuracy', value: accuracy },
    counts: { train: o.trainExamples ?? 720, validation: 80, test: 200 },
    durationMs: duration,
    stageDurationsMs: { classifier: duration - 500 },
    cache: { hits: 0, misses: 2 },
  });
  writeRunDvcYaml(dir, true);
  event({ type: 'run-completed', metrics, primary: { stageId: 'classifier', metric: 'accuracy', value: accuracy } });
  json(dir, 'status.json', { ...status, state, endedAt: ended });
  return dir;
}

/** Writes an ablation folder: arms (modes) x fractions x seeds of finished trials, and its report.json. */
export function writeFixtureAblation(
  root: string,
  id: string,
  o: { fractions?: number[]; seeds?: number[]; finished?: boolean } = {},
): string {
  const dir = path.join(root, id);
  mkdirSync(path.join(dir, 'trials'), { recursive: true });
  const fractions = o.fractions ?? [0.1, 0.3, 1];
  const seeds = o.seeds ?? [1, 2];
  const trials = (['staged', 'end-to-end'] as const).flatMap((mode) =>
    fractions.flatMap((trainFraction) =>
      seeds.map((seed) => ({
        id: `${mode}-f${trainFraction}-s${seed}`,
        arm: mode,
        mode,
        trainFraction,
        seed,
        params: {},
        set: { mode, 'dataset.trainFraction': trainFraction, 'training.seed': seed },
      })),
    ),
  );
  json(dir, 'ablation.json', {
    id,
    spec: { name: 'tabular' },
    file: 'tabular.json',
    command: 'concertina ablate',
    trials,
  });
  const results: TrialResult[] = [];
  for (const t of trials) {
    const staged = t.mode === 'staged';
    // Staged learns faster from little data; end to end wins with all of it: the curves cross.
    const accuracy = staged ? 0.6 + 0.2 * t.trainFraction : 0.4 + 0.45 * t.trainFraction;
    const trainExamples = Math.round(720 * t.trainFraction);
    const runDir = writeFixtureRun(path.join(dir, 'trials'), t.id, {
      mode: t.mode,
      seed: t.seed,
      trainFraction: t.trainFraction,
      accuracy: accuracy + t.seed * 0.01,
      trainExamples,
      epochs: 4,
    });
    results.push({
      trialId: t.id,
      arm: t.arm,
      mode: t.mode,
      trainFraction: t.trainFraction,
      trainExamples,
      seed: t.seed,
      params: {},
      status: 'completed',
      metrics: { accuracy: accuracy + t.seed * 0.01 },
      primaryMetric: 'accuracy',
      durationMs: 2600,
      runDir,
    });
  }
  if (o.finished !== false) writeFileSync(path.join(dir, 'report.json'), reportJson(results, { title: 'fixture' }));
  return dir;
}
