import test from 'ava';
import type { PortType } from '../../src/core/port-type.js';
import { createConcertina } from '../../src/container/create-concertina.js';
import { createStage, type StageEnvironment } from '../../src/execute/create-stage.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import { PipelineServices } from '../../src/services/pipeline-services.js';
import { Lexicon } from '../../src/speech/lexicon.js';
import { CollapsedNetworkStage } from '../../src/stage/collapsed-network-stage.js';
import type { StageContext } from '../../src/stage/stage-context.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { speechSpec } from '../helpers/specs.js';

const app = await createConcertina();
const PHONES = Array.from({ length: 39 }, (_, i) => `p${i}`);
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const labels = {
  phonemes: { kind: 'sequence' as const, names: PHONES, errorMetric: 'per' },
  words: { kind: 'sequence' as const, names: WORDS, errorMetric: 'wer' },
  speaker: { kind: 'class' as const, names: ['a', 'b', 'c'] },
};

function env(
  spec = speechSpec(),
  extra: Partial<StageEnvironment> = {},
): StageEnvironment & { types: Map<string, PortType> } {
  const loaded = validateSpec(structuredClone(spec), 'p.json', {}, '.');
  return {
    services: app.services,
    pipelineServices: new PipelineServices(app.catalog.services, loaded.spec),
    serviceNames: new Set(['lexicon']),
    labels,
    emit: () => {},
    signal: new AbortController().signal,
    types: new Map(),
    ...extra,
  };
}

test('a collapsed node becomes one network of its members, typed with what the data tells', async (t) => {
  const spec = speechSpec({
    transforms: [{ kind: 'multitask', stage: 'network', heads: [{ supervision: 'speaker', weight: 0.3 }] }],
  });
  const plan = preparePlan(validateSpec(structuredClone(spec), 'p.json', {}, '.'), app.catalog, 'end-to-end');
  const node = plan.pipeline.graph.node('network')!;
  const e = env(spec, { initFrom: { modelDir: '/models/x', source: 'a test model' } });
  const stage = await createStage(node, e);
  t.true(stage instanceof CollapsedNetworkStage);
  t.deepEqual(e.types.get('network'), { kind: 'hypotheses', dims: [10] });
  const ctx = (stage as unknown as { ctx: StageContext }).ctx;
  t.is(ctx.supervision!.name, 'words');
  t.deepEqual(
    ctx.heads.extra.map((h) => [h.label.name, h.label.names.length, h.weight]),
    [['speaker', 3, 0.3]],
  );
  t.is(ctx.init, undefined, 'no init without a transfer on the node');
  stage.dispose?.();
});

test('a transferred node gets its init from the resolved source', async (t) => {
  const spec = speechSpec({ transforms: [{ kind: 'transfer', stage: 'phonemes', from: { model: 'm' }, freeze: 2 }] });
  const plan = preparePlan(validateSpec(structuredClone(spec), 'p.json', {}, '.'), app.catalog);
  const stage = await createStage(
    plan.pipeline.graph.node('phonemes')!,
    env(spec, { initFrom: { modelDir: '/m', source: 'model m' } }),
  );
  const ctx = (stage as unknown as { ctx: StageContext }).ctx;
  t.like(ctx.init, { modelDir: '/m', source: 'model m', dropLayers: 1, freeze: 2 });
  t.deepEqual(ctx.heads, { weight: 1, extra: [], separate: false });
});

test('a kind that injects the lexicon service receives the pipeline lexicon; others never see it', async (t) => {
  const plan = preparePlan(validateSpec(speechSpec(), 'p.json', {}, '.'), app.catalog);
  const e = env();
  const words = await createStage(plan.pipeline.graph.node('words')!, e);
  t.true((words as unknown as { lexicon: unknown }).lexicon instanceof Lexicon);
  const grammar = await createStage(plan.pipeline.graph.node('sentence')!, e);
  t.false('lexicon' in (grammar as unknown as { ctx: object }).ctx);
});
