import test from 'ava';
import { describePlan } from '../../src/plan/describe-plan.js';
import type { ExecutionPlan } from '../../src/plan/execution-plan.js';
import { planToDot } from '../../src/plan/plan-dot.js';
import { planToJson } from '../../src/plan/plan-json.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import type { PipelineSpec } from '../../src/spec/generated/pipeline-spec.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { catalogWith } from '../helpers/catalog.js';
import type { Mode } from '../../src/core/mode.js';
import { speechSpec, tabularSpec } from '../helpers/specs.js';

const catalog = catalogWith();

function plan(spec: PipelineSpec, mode?: Mode): ExecutionPlan {
  return preparePlan(validateSpec(structuredClone(spec), 'p.json', {}, '.'), catalog, mode);
}

test('steps: the source first, per-example features shared by every subset, trained steps per subset', (t) => {
  const p = plan(speechSpec());
  t.deepEqual(
    p.steps.map((s) => `${s.stage.id}:${s.action}:${s.scope}`),
    [
      'audio:source:all',
      'features:transform:all',
      'phonemes:fit:subset',
      'words:transform:subset',
      'sentence:fit:subset',
    ],
  );
  t.is(p.mode, 'staged');
  t.deepEqual(p.rewrites, []);
  t.is(p.compiled, p.pipeline, 'without transforms the graph runs as compiled');
});

test('key parts hold what a result depends on: params, training of trained steps, and what transforms set', (t) => {
  const staged = plan(speechSpec());
  const features = staged.steps.find((s) => s.stage.id === 'features')!.keyParts;
  t.deepEqual(Object.keys(features).sort(), ['kind', 'params', 'version']);
  const phonemes = staged.steps.find((s) => s.stage.id === 'phonemes')!.keyParts;
  t.deepEqual(Object.keys(phonemes).sort(), ['kind', 'params', 'stageId', 'supervision', 'training', 'version']);
  const e2e = plan(
    speechSpec({ transforms: [{ kind: 'multitask', stage: 'network', heads: [{ supervision: 'phonemes' }] }] }),
    'end-to-end',
  );
  const net = e2e.steps.find((s) => s.stage.id === 'network')!.keyParts as Record<string, unknown>;
  t.deepEqual(
    (net.members as { id: string }[]).map((m) => m.id),
    ['phonemes', 'words'],
  );
  t.deepEqual(net.heads, { weight: 1, extra: [{ supervision: 'phonemes', weight: 1 }], separate: false });
  const other = plan(
    speechSpec({ stages: speechSpec().stages.map((s) => (s.id === 'phonemes' ? { ...s, params: { units: 32 } } : s)) }),
    'end-to-end',
  );
  t.notDeepEqual(other.steps.find((s) => s.stage.id === 'network')!.keyParts, net, 'a member param changes the key');
});

test('describePlan prints the graph as compiled, what each transform changed, then the steps', (t) => {
  const text = describePlan(plan(speechSpec(), 'end-to-end'));
  const compiled = text.indexOf('graph as compiled:');
  const transforms = text.indexOf('transforms:');
  const steps = text.indexOf('steps:');
  t.true(compiled >= 0 && compiled < transforms && transforms < steps, text);
  t.regex(text, /phonemes \[phoneme-model\] \(supervision phonemes\): features -> posteriors\[40\]/);
  t.regex(text, /1\. collapse \(\/endToEnd\)\n\s+merge: `phonemes` \+ `words` -> one network `network`/);
  t.regex(text, /layers of words \[lexicon-decoder\]: posteriors\[40\] -> hypotheses\[10\]/);
  t.regex(describePlan(plan(tabularSpec())), /transforms: none/);
});

test('the dot graph draws a collapsed network as a cluster, with real line breaks in labels', (t) => {
  const dot = planToDot(plan(speechSpec(), 'end-to-end'));
  t.regex(dot, /subgraph "cluster_network" \{/);
  t.regex(dot, /"network\/phonemes" \[label="phonemes\\nphoneme-model"/);
  t.regex(dot, /"features" -> "network\/phonemes"/);
  t.regex(dot, /"network\/words" -> "sentence"/);
  t.notRegex(dot, /\\\\n/, 'no escaped backslash before n');
});

test('planToJson gives the same as data', (t) => {
  const json = planToJson(plan(speechSpec(), 'end-to-end')) as {
    mode: string;
    compiled: { nodes: { id: string }[] };
    rewrites: { kind: string; changes: { action: string }[] }[];
    graph: { nodes: { id: string; members?: { id: string }[] }[] };
  };
  t.is(json.mode, 'end-to-end');
  t.is(json.compiled.nodes.length, 5);
  t.deepEqual(json.rewrites[0]!.kind, 'collapse');
  t.deepEqual(
    json.graph.nodes.find((n) => n.id === 'network')!.members!.map((m) => m.id),
    ['phonemes', 'words'],
  );
});
