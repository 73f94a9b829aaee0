import test from 'ava';
import path from 'node:path';
import { compilePipeline } from '../../src/compile/compile-pipeline.js';
import { SpecError } from '../../src/errors/pipeline-error.js';
import type { PipelineSpec } from '../../src/spec/generated/pipeline-spec.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { applyTransforms, transformsOf } from '../../src/transforms/apply-transforms.js';
import { insertBefore } from '../../src/transforms/graph-edit.js';
import type { TransformKind } from '../../src/transforms/transform-kind.js';
import { catalogWith } from '../helpers/catalog.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { speechSpec, tabularSpec } from '../helpers/specs.js';
import type { Mode } from '../../src/core/mode.js';
import { tempDir } from '../helpers/temp-dir.js';

const catalog = catalogWith();

function apply(spec: PipelineSpec, mode: Mode = 'staged', c = catalog) {
  const compiled = compilePipeline(validateSpec(structuredClone(spec), 'p.json').spec, c, { file: 'p.json' });
  return applyTransforms(compiled, transformsOf(compiled, mode), c);
}

function problems(spec: PipelineSpec, mode: Mode = 'staged') {
  try {
    apply(spec, mode);
  } catch (err) {
    if (err instanceof SpecError) return err.problems;
    throw err;
  }
  throw new Error('expected a SpecError');
}

test('transforms compose in order: the mode collapse first, then transfer and multitask on the network', (t) => {
  const spec = speechSpec({
    transforms: [
      { kind: 'multitask', stage: 'network', heads: [{ supervision: 'speaker', weight: 0.2 }] },
      { kind: 'transfer', stage: 'network', from: { run: 'runs/x' }, freeze: 'none', learningRate: 0.0005 },
    ],
  });
  const { pipeline, records } = apply(spec, 'end-to-end');
  t.deepEqual(
    records.map((r) => `${r.kind}@${r.pointer}`),
    ['collapse@/endToEnd', 'multitask@/transforms/0', 'transfer@/transforms/1'],
  );
  const net = pipeline.graph.node('network')!;
  t.deepEqual(net.heads, { weight: 1, extra: [{ supervision: 'speaker', weight: 0.2 }], separate: false });
  t.deepEqual(net.init, { from: { run: 'runs/x' }, dropLayers: 1, freeze: 'none' });
  t.is(net.training.optimizer.learningRate, 0.0005, 'the fine-tuning rate is the node training rate');
  t.deepEqual(
    records.flatMap((r) => r.changes.map((c) => c.action)),
    ['merge', 'add-head', 'init-weights', 'freeze'],
  );
});

test('an unknown transform kind suggests the closest, and params are checked against the kind schema', (t) => {
  const a = problems(tabularSpec({ transforms: [{ kind: 'colapse' }] }));
  t.is(a[0]!.pointer, '/transforms/0/kind');
  t.regex(a[0]!.hint!, /did you mean `collapse`/);
  const b = problems(tabularSpec({ transforms: [{ kind: 'collapse', form: 'features' } as never] }));
  t.is(b[0]!.pointer, '/transforms/0/form');
  t.regex(b[0]!.hint!, /did you mean `from`/);
});

test('a stage merged into a network is named as such; a later problem never just echoes an earlier one', (t) => {
  const ps = problems(
    speechSpec({ transforms: [{ kind: 'transfer', stage: 'phonemes', from: { model: 'm' } }] }),
    'end-to-end',
  );
  t.is(ps.length, 1);
  t.regex(ps[0]!.message, /`phonemes` is part of the collapsed network `network`/);
  t.regex(ps[0]!.hint!, /name `network`/);
  const chained = problems(
    speechSpec({
      transforms: [
        { kind: 'collapse', from: 'phonemes', to: 'wrods' },
        { kind: 'transfer', stage: 'network', from: { model: 'm' } },
      ],
    }),
  );
  t.deepEqual(
    chained.map((p) => p.pointer),
    ['/transforms/0/to'],
  );
});

test('endToEnd problems point at the names the endToEnd block uses', (t) => {
  const ps = problems(speechSpec({ endToEnd: { from: 'sentence' } }), 'end-to-end');
  t.is(ps[0]!.pointer, '/endToEnd/from');
});

test('a transform kind from a plugin inserts a stage typed like one written in the spec', (t) => {
  const insertNoise: TransformKind<{ before: string }> = {
    kind: 'standardize-before',
    description: 'test transform',
    paramsSchema: { type: 'object', required: ['before'], properties: { before: { type: 'string' } } },
    apply(p, params, ctx) {
      const target = p.graph.node(params.before)!;
      const added = ctx.compileStage(p, { id: 'extra', kind: 'standardize', inputs: [target.inputs[0]!] });
      if ('problems' in added) return added;
      const next = insertBefore(p, params.before, added);
      if ('problems' in next) return next;
      return { pipeline: next, changes: [{ action: 'add-stage', nodes: ['extra'], summary: 'extra' }] };
    },
  };
  const c = catalogWith({ transforms: [insertNoise] });
  const { pipeline } = apply(
    tabularSpec({ transforms: [{ kind: 'standardize-before', before: 'classifier' }] }),
    'staged',
    c,
  );
  t.deepEqual(pipeline.order, ['data', 'features', 'extra', 'classifier']);
  t.deepEqual(pipeline.graph.node('classifier')!.inputs, ['extra']);
  t.deepEqual(pipeline.graph.node('extra')!.outputType, { kind: 'vector', dims: [6] });
  t.is(pipeline.graph.node('extra')!.pointer, '/transforms/0');
});

test('a transform plugin loads with --plugin and from the spec, shows in plan and runs', async (t) => {
  const spec = path.join(repoRoot, 'test/fixtures/specs/with-transform-plugin.json');
  const dir = tempDir();
  const env = { CONCERTINA_RUNS: path.join(dir, 'runs'), CONCERTINA_CACHE: path.join(dir, 'cache') };
  const plan = await cli(['plan', spec]);
  t.is(plan.code, 0, plan.stderr);
  t.regex(
    plan.stdout,
    /1\. standardize-inputs \(\/transforms\/0\)\n\s+add-stage: `classifier_standardize` standardizes the input/,
  );
  t.regex(plan.stdout, /classifier_standardize \[standardize\] fit: data:vector\[6\] -> vector\[6\]/);
  // a second application finds every trainable stage standardized already: plan says it changed nothing
  const twice = await cli([
    'plan',
    spec,
    '--set',
    'transforms=[{"kind":"standardize-inputs"},{"kind":"standardize-inputs"}]',
  ]);
  t.is(twice.code, 0, twice.stderr);
  t.regex(twice.stdout, /2\. standardize-inputs \(\/transforms\/1\)\n\s+no change/);
  const without = await cli(['validate', spec, '--set', 'plugins=[]']);
  t.is(without.code, 2);
  t.regex(without.stderr, /unknown transform `standardize-inputs`/);
  const viaFlag = await cli(
    [
      'run',
      spec,
      '--set',
      'plugins=[]',
      '--plugin',
      path.join(repoRoot, 'test/fixtures/plugins/standardize-inputs.js'),
      '--json',
    ],
    { env },
  );
  t.is(viaFlag.code, 0, viaFlag.stderr);
  const out = JSON.parse(viaFlag.stdout) as { metrics: Record<string, Record<string, number>> };
  t.true(out.metrics.classifier!.accuracy! > 0.5, JSON.stringify(out.metrics));
});
