import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createConcertina } from '../../src/container/create-concertina.js';
import type { RunEvent, RunCompleted } from '../../src/events/run-event.js';
import { subscribeSafely } from '../../src/events/safe-observer.js';
import { evaluateRun } from '../../src/execute/evaluate-run.js';
import { runPipeline } from '../../src/execute/run-pipeline.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { StageError } from '../../src/errors/pipeline-error.js';
import { share, lastValueFrom } from 'rxjs';
import { runSpec } from '../helpers/run.js';
import { tabularSpec } from '../helpers/specs.js';
import { tempDir } from '../helpers/temp-dir.js';

const completed = (events: RunEvent[]) => events.find((e): e is RunCompleted => e.type === 'run-completed')!;

test('a staged run emits typed events in order, each with run id, stage id and time', async (t) => {
  const events = await runSpec(tabularSpec());
  const runId = events[0]!.runId;
  t.true(events.every((e) => e.runId === runId && !Number.isNaN(Date.parse(e.at))));
  const milestones = events
    .filter((e) => e.type !== 'batch-progress' && e.type !== 'artifact-written' && e.type !== 'log')
    .map((e) => `${e.type}${e.stageId ? ':' + e.stageId : ''}`);
  t.deepEqual(milestones, [
    'run-started',
    'data-loaded',
    'stage-started:data',
    'stage-completed:data',
    'stage-started:features',
    'stage-completed:features',
    'stage-started:classifier',
    'epoch-end:classifier',
    'epoch-end:classifier',
    'epoch-end:classifier',
    'stage-completed:classifier',
    'run-completed',
  ]);
  const epochs = events.filter((e) => e.type === 'epoch-end');
  t.deepEqual(
    epochs.map((e) => (e.type === 'epoch-end' ? e.epoch : 0)),
    [1, 2, 3],
  );
  for (const e of epochs)
    if (e.type === 'epoch-end') t.true(Number.isFinite(e.loss) && typeof e.metrics.accuracy === 'number');
  t.true(events.some((e) => e.type === 'batch-progress' && e.stageId === 'classifier'));
  const done = completed(events);
  t.true(done.metrics.classifier!.accuracy! > 0.6, `accuracy ${done.metrics.classifier!.accuracy}`);
  t.deepEqual(done.primary && { stage: done.primary.stageId, metric: done.primary.metric }, {
    stage: 'classifier',
    metric: 'accuracy',
  });
});

test('same spec and seed give identical metrics; another seed differs', async (t) => {
  const a = completed(await runSpec(tabularSpec())).metrics;
  const b = completed(await runSpec(tabularSpec())).metrics;
  t.deepEqual(a, b);
  const c = completed(await runSpec(tabularSpec({ training: { ...tabularSpec().training, seed: 2 } }))).metrics;
  t.notDeepEqual(a.classifier, c.classifier);
});

test('the run folder holds spec, env, events, metrics, status and the trained models', async (t) => {
  const dir = tempDir();
  const events = await runSpec(tabularSpec(), { dir });
  const run = path.join(dir, 'runs', events[0]!.runId);
  for (const f of [
    'spec.json',
    'env.json',
    'events.jsonl',
    'metrics.json',
    'status.json',
    'stages/features/standardize.json',
    'stages/classifier/model.json',
    'stages/classifier/weights.bin',
  ]) {
    t.true(existsSync(path.join(run, f)), f);
  }
  const env = JSON.parse(readFileSync(path.join(run, 'env.json'), 'utf8'));
  t.is(env.seed, 1);
  t.is(typeof env.backend.name, 'string');
  t.truthy(env.packages['@tensorflow/tfjs']);
  const lines = readFileSync(path.join(run, 'events.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  t.is(lines.length, events.length);
  t.is(lines[lines.length - 1].type, 'run-completed');
  t.is(JSON.parse(readFileSync(path.join(run, 'status.json'), 'utf8')).state, 'completed');
  t.deepEqual(
    readdirSync(run).filter((f) => f.endsWith('.tmp')),
    [],
  );
  const spec = JSON.parse(readFileSync(path.join(run, 'spec.json'), 'utf8'));
  t.is(spec.stages[1].params.epsilon, 1e-6, 'the resolved spec has defaults filled in');
});

test('a saved run evaluates again to the same metrics', async (t) => {
  const dir = tempDir();
  const events = await runSpec(tabularSpec(), { dir });
  const app = await createConcertina();
  const r = await evaluateRun(
    { runDir: path.join(dir, 'runs', events[0]!.runId), cacheDir: path.join(dir, 'cache') },
    app.services,
  );
  t.deepEqual(r.metrics.classifier, completed(events).metrics.classifier);
});

test('a second identical run reuses every cached step', async (t) => {
  const dir = tempDir();
  await runSpec(tabularSpec(), { dir });
  const again = await runSpec(tabularSpec(), { dir });
  const stages = again.filter((e) => e.type === 'stage-completed' && e.stageId !== 'data');
  t.true(stages.every((e) => e.type === 'stage-completed' && e.cached));
  t.false(again.some((e) => e.type === 'epoch-end'));
});

test('end-to-end mode collapses standardize + classifier into one network trained on the label', async (t) => {
  const events = await runSpec(tabularSpec(), { mode: 'end-to-end' });
  const done = completed(events);
  t.deepEqual(Object.keys(done.metrics), ['network']);
  t.true(done.metrics.network!.accuracy! > 0.6);
});

test.serial('no tensors leak across runs', async (t) => {
  await runSpec(tabularSpec());
  const before = tf.memory().numTensors;
  await runSpec(tabularSpec({ training: { ...tabularSpec().training, seed: 5 } }));
  await runSpec(tabularSpec(), { mode: 'end-to-end' });
  t.is(tf.memory().numTensors, before);
});

test('a failing observer never breaks the run', async (t) => {
  const app = await createConcertina();
  const dir = tempDir();
  const loaded = validateSpec(tabularSpec(), 't.json', {}, dir);
  const events$ = runPipeline({ loaded, runsDir: `${dir}/runs`, cacheDir: `${dir}/cache` }, app.services).pipe(share());
  const failures: unknown[] = [];
  subscribeSafely(
    events$,
    {
      next: () => {
        throw new Error('observer bug');
      },
    },
    (e) => failures.push(e),
  );
  const last = await lastValueFrom(events$);
  t.is(last.type, 'run-completed');
  t.true(failures.length > 5);
});

test('a failing stage fails the run with its id, and the folder says so', async (t) => {
  const dir = tempDir();
  const spec = tabularSpec({
    training: { epochs: 2, batchSize: 16, optimizer: { kind: 'sgd', learningRate: 10 }, seed: 1 },
  });
  const app = await createConcertina();
  const valid = validateSpec(spec, 't.json', {}, dir);
  // The schema bounds the learning rate; past validation (as a plugin could), 1e30 makes training diverge.
  const training = { ...valid.spec.training, optimizer: { kind: 'sgd', learningRate: 1e30 } };
  const loaded = { ...valid, spec: { ...valid.spec, training } as typeof valid.spec };
  const seen: RunEvent[] = [];
  const err = await t.throwsAsync(
    lastValueFrom(
      runPipeline({ loaded, runsDir: `${dir}/runs`, cacheDir: `${dir}/cache` }, app.services)
        .pipe(share())
        .pipe((s) => {
          s.subscribe({ next: (e) => seen.push(e), error: () => {} });
          return s;
        }),
    ),
    { instanceOf: StageError },
  );
  t.regex(err!.message, /classifier.*diverged/);
  t.truthy(seen.find((e) => e.type === 'stage-failed' && e.stageId === 'classifier'));
  t.is(seen[seen.length - 1]!.type, 'run-failed');
  const runId = seen[0]!.runId;
  t.is(JSON.parse(readFileSync(path.join(dir, 'runs', runId, 'status.json'), 'utf8')).state, 'failed');
});
