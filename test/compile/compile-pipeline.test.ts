import test from 'ava';
import { compilePipeline } from '../../src/compile/compile-pipeline.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import { createConcertina } from '../../src/container/create-concertina.js';
import { catalogWith } from '../helpers/catalog.js';
import type { StageDescriptor } from '../../src/compile/stage-descriptor.js';
import { SpecError } from '../../src/errors/pipeline-error.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import type { PipelineSpec } from '../../src/spec/generated/pipeline-spec.js';
import { tabularSpec } from '../helpers/specs.js';

const app = await createConcertina();

function compile(spec: PipelineSpec) {
  const { spec: s } = validateSpec(structuredClone(spec), 'p.json');
  return compilePipeline(s, app.catalog, { file: 'p.json' });
}

function problems(spec: PipelineSpec) {
  try {
    compile(spec);
  } catch (err) {
    if (err instanceof SpecError) return err.problems;
    throw err;
  }
  throw new Error('expected a SpecError');
}

test('a valid spec compiles into a graphlib DAG with typed edges', (t) => {
  const p = compile(tabularSpec());
  t.deepEqual(p.order, ['data', 'features', 'classifier']);
  t.deepEqual(p.graph.successors('data'), ['features']);
  t.is(p.graph.edge('features', 'classifier')!.type.kind, 'vector');
  t.deepEqual(p.graph.node('classifier')!.outputType, { kind: 'scores', dims: [3] });
  t.deepEqual(p.outputs, ['classifier']);
  t.is(p.primaryOutput, 'classifier');
});

test('unknown stage kind lists the known kinds or suggests one', (t) => {
  const s = tabularSpec();
  s.stages[1]!.kind = 'standardise';
  s.stages[2]!.kind = 'transformer';
  const ps = problems(s);
  const a = ps.find((p) => p.pointer === '/stages/1/kind')!;
  t.regex(a.message, /unknown stage kind `standardise`/);
  t.regex(a.hint!, /did you mean `standardize`/);
  const b = ps.find((p) => p.pointer === '/stages/2/kind')!;
  t.regex(b.hint!, /known stage kinds: .*`dense-classifier`.*`input`/);
});

test('duplicate ids, dangling inputs, bad params and unknown supervision are reported together', (t) => {
  const s = tabularSpec();
  s.stages.push({ id: 'features', kind: 'standardize', inputs: ['data'] });
  s.stages[2]!.inputs = ['featurs'];
  s.stages[2]!.supervision = 'lable';
  s.stages[2]!.params = { hidden: [16], dropuot: 0.1 };
  const ps = problems(s);
  t.deepEqual(ps.map((p) => `${p.code}@${p.pointer}`).sort(), [
    'duplicate-stage-id@/stages/3/id',
    'unknown-input@/stages/2/inputs/0',
    'unknown-property@/stages/2/params/dropuot',
    'unknown-supervision@/stages/2/supervision',
  ]);
  t.regex(ps.find((p) => p.code === 'unknown-input')!.hint!, /did you mean `features`/);
  t.regex(ps.find((p) => p.code === 'unknown-property')!.hint!, /did you mean `dropout`/);
  t.true(ps.every((p) => p.file === 'p.json'));
});

test('unknown supervision names what the dataset provides', (t) => {
  const s = tabularSpec();
  s.stages[2]!.supervision = 'lable';
  const ps = problems(s);
  const p = ps.find((x) => x.code === 'unknown-supervision')!;
  t.is(p.pointer, '/stages/2/supervision');
  t.is(p.stageId, 'classifier');
  t.regex(p.message, /provides no label `lable` \(it provides `label`, `coarse`\)/);
  t.regex(p.hint!, /did you mean `label`/);
});

test('a cycle is reported with its path', (t) => {
  const s = tabularSpec();
  s.stages[1]!.inputs = ['classifier'];
  const ps = problems(s);
  const c = ps.find((p) => p.code === 'cycle')!;
  t.regex(c.message, /features -> classifier -> features|classifier -> features -> classifier/);
});

test('a stage that reads the dataset takes no inputs', (t) => {
  const s = tabularSpec();
  s.stages[1] = { id: 'features', kind: 'input', inputs: ['data'] };
  const p = problems(s).find((x) => x.code === 'unexpected-inputs')!;
  t.is(p.pointer, '/stages/1/inputs');
});

test('port mismatch names both stages and both types', (t) => {
  const framesOnly: StageDescriptor = {
    kind: 'frames-only',
    description: 'test kind',
    version: 1,
    paramsSchema: {},
    inputs: () => [{ name: 'frames', kinds: ['frames'], dims: [13] }],
    output: () => ({ kind: 'scores', dims: [3] }),
    fit: 'supervised',
    labelKinds: ['class'],
    collapse: 'layers',
  };
  const catalog = catalogWith({ stages: [framesOnly] });
  const s = tabularSpec();
  s.stages[2] = { id: 'classifier', kind: 'frames-only', inputs: ['features'], supervision: 'label' };
  const err = t.throws(() => compilePipeline(validateSpec(s, 'p.json').spec, catalog, { file: 'p.json' }), {
    instanceOf: SpecError,
  });
  const p = err.problems.find((x) => x.code === 'port-mismatch')!;
  t.is(p.pointer, '/stages/2/inputs/0');
  t.is(p.stageId, 'classifier');
  t.regex(
    p.message,
    new RegExp(
      /`classifier` \(frames-only\) input `frames` expects frames\[13\] but gets vector\[6\] /.source +
        /from `features` \(standardize, output vector\[6\]\)/.source,
    ),
  );
});

test('a source stage that does not fit the dataset is reported', (t) => {
  const audioOnly: StageDescriptor = {
    kind: 'audio-only',
    description: 'test kind',
    version: 1,
    paramsSchema: {},
    inputs: () => [{ name: 'audio', kinds: ['waveform'] }],
    output: (_p, i) => i[0]!,
    fit: 'none',
    collapse: 'source',
  };
  const catalog = catalogWith({ stages: [audioOnly] });
  const s = tabularSpec();
  s.stages[0] = { id: 'data', kind: 'audio-only' };
  const err = t.throws(() => compilePipeline(validateSpec(s, 'p.json').spec, catalog), { instanceOf: SpecError });
  t.regex(err.problems[0]!.message, /expects waveform but gets vector\[6\] from dataset `synthetic-tabular`/);
});

test('a stage that reaches no output is reported', (t) => {
  const s = tabularSpec();
  s.stages.push({ id: 'orphan', kind: 'standardize', inputs: ['data'] });
  const ps = problems(s);
  const p = ps.find((x) => x.code === 'dead-stage')!;
  t.is(p.pointer, '/stages/3');
  t.regex(p.message, /`orphan` reaches no output \(outputs: `classifier`\)/);
});

test('a trainable stage without supervision is told which labels it could use', (t) => {
  const s = tabularSpec();
  delete s.stages[2]!.supervision;
  const ps = problems(s);
  const p = ps.find((x) => x.code === 'missing-supervision')!;
  t.is(p.pointer, '/stages/2');
  t.regex(p.hint!, /"supervision": one of "label"/);
});

test('unknown dataset kind and bad dataset params', (t) => {
  const a = tabularSpec({ dataset: { kind: 'synthetic-tabulr' } });
  t.regex(problems(a).find((p) => p.pointer === '/dataset/kind')!.hint!, /did you mean `synthetic-tabular`/);
  const b = tabularSpec({ dataset: { kind: 'synthetic-tabular', params: { classes: 1 } } });
  t.is(problems(b)[0]!.pointer, '/dataset/params/classes');
});

test('end-to-end references are checked when the mode collapses the chain', (t) => {
  const s = tabularSpec({ endToEnd: { output: 'clasifier', replace: { feature: 'nope' } } });
  const { spec } = validateSpec(structuredClone(s), 'p.json');
  const err = t.throws(() => preparePlan({ spec, file: 'p.json', dir: '.' }, app.catalog, 'end-to-end'), {
    instanceOf: SpecError,
  });
  const ps = err.problems;
  t.truthy(
    ps.find((p) => p.pointer === '/endToEnd/output'),
    JSON.stringify(ps),
  );
  t.truthy(ps.find((p) => /did you mean `classifier`/.test(p.hint ?? '')));
  t.truthy(ps.find((p) => p.pointer === '/endToEnd/replace/feature' && p.code === 'unknown-stage'));
  t.truthy(ps.find((p) => p.pointer === '/endToEnd/replace/feature' && p.code === 'unknown-stage-kind'));
  // In staged mode the block is not used, so a staged run does not trip over it.
  t.notThrows(() => preparePlan({ spec, file: 'p.json', dir: '.' }, app.catalog, 'staged'));
});
