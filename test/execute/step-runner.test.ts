import test from 'ava';
import { StepCache } from '../../src/cache/step-cache.js';
import { createConcertina } from '../../src/container/create-concertina.js';
import { splitExamples } from '../../src/data/split.js';
import type { EventPayload } from '../../src/events/run-event.js';
import { StepRunner } from '../../src/execute/step-runner.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import { PipelineServices } from '../../src/services/pipeline-services.js';
import type { PipelineSpec } from '../../src/spec/generated/pipeline-spec.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { loadKind } from '../datasets/helpers.js';
import { tabularSpec } from '../helpers/specs.js';
import { tempDir } from '../helpers/temp-dir.js';

const app = await createConcertina();

/** A step runner over a tabular spec, its data loaded as a run would; `events` collects what it emits. */
async function runner(spec: PipelineSpec, cacheDir: string) {
  const loaded = validateSpec(structuredClone(spec), 'p.json', {}, '.');
  const plan = preparePlan(loaded, app.catalog);
  const data = await loadKind('synthetic-tabular', spec.dataset.params ?? {}, { cacheDir });
  const split = splitExamples(data.examples, loaded.spec.dataset, 1);
  const events: EventPayload[] = [];
  const r = new StepRunner({
    plan,
    data,
    split,
    dataKey: data.key,
    cache: new StepCache(cacheDir),
    folder: undefined,
    services: app.services,
    pipelineServices: new PipelineServices(app.catalog.services, loaded.spec),
    emit: (e) => events.push(e),
    signal: new AbortController().signal,
    backend: 'test',
    evaluationSplit: 'test',
  });
  return { r, events, plan };
}

const completed = (events: EventPayload[]) =>
  events.flatMap((e) => (e.type === 'stage-completed' ? [`${e.stageId}:${e.cached ? 'cached' : 'computed'}`] : []));

test('steps run in order and are stored under content keys; the same steps again come from the cache', async (t) => {
  const cacheDir = tempDir();
  const first = await runner(tabularSpec(), cacheDir);
  const metrics = await first.r.runAll();
  t.deepEqual(Object.keys(metrics), ['classifier']);
  t.true(metrics.classifier!.accuracy! > 0.5);
  t.deepEqual(completed(first.events), ['data:computed', 'features:computed', 'classifier:computed']);
  const second = await runner(tabularSpec(), cacheDir);
  t.deepEqual(await second.r.runAll(), metrics);
  t.deepEqual(completed(second.events), ['data:computed', 'features:cached', 'classifier:cached']);
  t.is(second.r.keyOf('classifier'), first.r.keyOf('classifier'));
});

test('a change to a later stage recomputes that stage only; metrics are rounded once, here', async (t) => {
  const cacheDir = tempDir();
  await (await runner(tabularSpec(), cacheDir)).r.runAll();
  const changed = tabularSpec();
  changed.stages[2]!.params = { hidden: [12] };
  const again = await runner(changed, cacheDir);
  const metrics = await again.r.runAll();
  t.deepEqual(completed(again.events), ['data:computed', 'features:cached', 'classifier:computed']);
  for (const v of Object.values(metrics.classifier!)) t.is(v, Number(v.toPrecision(6)));
});

test('extra heads of a node get their labels in training and are evaluated as `label.metric`', async (t) => {
  const spec = tabularSpec({
    transforms: [{ kind: 'multitask', stage: 'classifier', heads: [{ supervision: 'coarse', weight: 0.5 }] }],
  });
  const { r } = await runner(spec, tempDir());
  const metrics = await r.runAll();
  t.truthy(metrics.classifier!.accuracy);
  t.truthy(metrics.classifier!['coarse.accuracy'], JSON.stringify(metrics));
});
