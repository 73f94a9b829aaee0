/**
 * The vision kinds in real runs: needs `shapes`, `street-scenes` and `conv-classifier` registered in
 * the composition root and the sigmoid head registered for multi-label labels.
 */
import test from 'ava';
import { selectBackend } from '../../src/backend/select-backend.js';
import { createConcertina } from '../../src/container/create-concertina.js';
import type { RunCompleted, RunEvent } from '../../src/events/run-event.js';
import { checkPipeline } from '../../src/execute/check-pipeline.js';
import { SpecError } from '../../src/errors/pipeline-error.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { runSpec } from '../helpers/run.js';
import { tempDir } from '../helpers/temp-dir.js';
import { shapesSpec, streetSpec } from './specs.js';

const completed = (events: RunEvent[]) => events.find((e): e is RunCompleted => e.type === 'run-completed')!;

test.before(async () => {
  await selectBackend('wasm');
});

test('a shapes pipeline trains the conv classifier staged, well above chance', async (t) => {
  const done = completed(await runSpec(shapesSpec(), { backend: 'wasm' }));
  const m = done.metrics.classifier!;
  t.true(m.accuracy! > 0.6, `accuracy ${m.accuracy} (chance 0.25)`);
  t.deepEqual(done.primary && { stage: done.primary.stageId, metric: done.primary.metric }, {
    stage: 'classifier',
    metric: 'accuracy',
  });
});

test('the same pipeline runs end to end', async (t) => {
  const events = await runSpec(shapesSpec(), { backend: 'wasm', mode: 'end-to-end' });
  const done = completed(events);
  t.truthy(done, JSON.stringify(events.filter((e) => e.type === 'run-failed')));
  const m = Object.values(done.metrics).find((x) => x.accuracy !== undefined);
  t.true(m !== undefined && m.accuracy! > 0.6, JSON.stringify(done.metrics));
});

test('street scenes: a multi-label detector trains with unknown labels and reports per-object metrics', async (t) => {
  const events = await runSpec(streetSpec(), { backend: 'wasm' });
  const loaded = events.find((e) => e.type === 'data-loaded');
  t.truthy(loaded);
  const done = completed(events);
  const m = done.metrics.detector!;
  for (const name of ['pedestrian', 'car', 'stop_sign', 'traffic_light']) {
    t.is(typeof m[`${name}.accuracy`], 'number', name);
    t.is(typeof m[`${name}.f1`], 'number', name);
  }
  t.true(m.accuracy! > 0.6, `accuracy ${m.accuracy} (chance 0.5)`);
  t.true(m['stop_sign.f1']! > 0.8, `stop sign F1 ${m['stop_sign.f1']}`);
  t.deepEqual(done.primary && { stage: done.primary.stageId, metric: done.primary.metric }, {
    stage: 'detector',
    metric: 'f1',
  });
});

test('validation: too many pooling blocks for the image size is reported with a pointer and a hint', async (t) => {
  const spec = shapesSpec();
  spec.dataset.params = { ...spec.dataset.params, size: 16 };
  spec.stages[1]!.params = { filters: [4, 4, 4, 4, 4] };
  const app = await createConcertina();
  const e = await t.throwsAsync(checkPipeline(validateSpec(spec, 'vision.json', {}, tempDir()), app.catalog), {
    instanceOf: SpecError,
  });
  const p = e!.problems.find((x) => x.code === 'image-too-small');
  t.truthy(p, JSON.stringify(e!.problems));
  t.is(p!.pointer, '/stages/1/params/filters');
  t.regex(p!.hint!, /at most 4 filters entries/);
});

test('validation: a street-scenes label the dataset lacks is a problem naming the one it has', async (t) => {
  const spec = streetSpec();
  spec.stages[1]!.supervision = 'object';
  const app = await createConcertina();
  const e = await t.throwsAsync(checkPipeline(validateSpec(spec, 'vision.json', {}, tempDir()), app.catalog), {
    instanceOf: SpecError,
  });
  t.regex(e!.problems.map((p) => p.message + ' ' + (p.hint ?? '')).join('\n'), /objects/);
});
