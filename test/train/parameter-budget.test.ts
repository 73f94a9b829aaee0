/** Issue 14, item 6: sizes validate accepts cannot crash a build; a network too large is a spec error, leak-free. */
import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import { createConcertina } from '../../src/container/create-concertina.js';
import { createStage } from '../../src/execute/create-stage.js';
import { SpecError } from '../../src/errors/pipeline-error.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';
import { PipelineServices } from '../../src/services/pipeline-services.js';
import { CollapsedNetworkStage } from '../../src/stage/collapsed-network-stage.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { ParameterBudget } from '../../src/train/parameter-budget.js';
import { cli } from '../helpers/cli.js';
import { tabularSpec } from '../helpers/specs.js';

const app = await createConcertina();

async function buildEndToEnd(hidden: number[]): Promise<void> {
  const spec = tabularSpec();
  spec.stages[2]!.params = { hidden };
  const loaded = validateSpec(spec, 'big.json', {}, '.');
  const plan = preparePlan(loaded, app.catalog, 'end-to-end');
  const node = plan.steps.map((s) => s.stage).find((s) => s.members)!;
  const stage = await createStage(node, {
    services: app.services,
    pipelineServices: new PipelineServices(app.catalog.services, loaded.spec),
    serviceNames: new Set(),
    labels: { label: { kind: 'class', names: ['a', 'b', 'c'] } },
    emit: () => {},
    signal: new AbortController().signal,
  });
  t_assert(stage instanceof CollapsedNetworkStage);
  try {
    (stage as CollapsedNetworkStage).build();
  } finally {
    stage.dispose?.();
  }
}

function t_assert(ok: boolean): void {
  if (!ok) throw new Error('expected a collapsed network');
}

test('the schema bounds layer sizes and counts', (t) => {
  for (const hidden of [[1e308], [16385], Array.from({ length: 65 }, () => 4)]) {
    const spec = tabularSpec();
    spec.stages[2]!.params = { hidden };
    t.throws(() => preparePlan(validateSpec(spec, 'x.json', {}, '.'), app.catalog), { instanceOf: SpecError });
  }
});

test('a network over the parameter bound is a spec error at the stage pointer, and leaks no tensor', async (t) => {
  await buildEndToEnd([8]); // warm up tf's own tensors
  const before = tf.memory().numTensors;
  const err = await t.throwsAsync(buildEndToEnd([16384, 16384, 16384]), { instanceOf: SpecError });
  t.is(err.problems[0]!.code, 'network-too-large');
  t.is(err.problems[0]!.pointer, '/stages/2');
  t.regex(err.problems[0]!.message, /more than 1\.00e\+8 parameters/);
  t.regex(err.problems[0]!.hint!, /CONCERTINA_MAX_PARAMETERS/);
  t.is(tf.memory().numTensors, before, 'the weights made before the refusal are disposed');
});

test('the budget refuses a weight that would pass the bound before it is counted', (t) => {
  const b = new ParameterBudget('s', '/stages/0', 100);
  b.add([10, 9]);
  t.throws(() => b.add([2, 10]), { instanceOf: SpecError, message: /1 problem/ });
  t.throws(() => new ParameterBudget('s', undefined).add([Infinity]), { instanceOf: SpecError });
});

test('plan --mode end-to-end reports a network too large with exit 2, no bug message', async (t) => {
  const r = await cli([
    'plan',
    'pipelines/tabular.json',
    '--mode',
    'end-to-end',
    '--set',
    'stages.classifier.params.hidden=[16384,16384]',
  ]);
  t.is(r.code, 2, r.stderr);
  t.regex(r.stderr, /tabular.json#\/stages\/2 \[stage classifier\]: the network of stage/);
  t.notRegex(r.stderr, /bug/);
});
