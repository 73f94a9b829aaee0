import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import { lastValueFrom } from 'rxjs';
import type { RunEvent } from '../../src/events/run-event.js';
import { StageError, SpecError } from '../../src/errors/pipeline-error.js';
import { fileLoadHandler, fileSaveHandler } from '../../src/io/model-files.js';
import { runSpec } from '../helpers/run.js';
import { tabularSpec } from '../helpers/specs.js';
import { tempDir } from '../helpers/temp-dir.js';
import { createConcertina } from '../../src/container/create-concertina.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { preparePlan } from '../../src/plan/prepare-plan.js';

const logs = (events: RunEvent[]) =>
  events.filter((e) => e.type === 'log').map((e) => (e.type === 'log' ? e.message : ''));

async function sourceRun(dir: string) {
  const events = await runSpec(tabularSpec({ training: { epochs: 3, batchSize: 16, seed: 1 } }), { dir });
  return path.join(dir, 'runs', events[0]!.runId);
}

test('transfer from a run folder: the head is dropped, the rest reused and frozen, a new head trained', async (t) => {
  const dir = tempDir();
  const run = await sourceRun(dir);
  const target = tabularSpec({
    dataset: {
      kind: 'synthetic-tabular',
      params: { classes: 3, features: 6, informative: 3, examplesPerClass: 60, separation: 3, seed: 99 },
    },
    transforms: [{ kind: 'transfer', stage: 'classifier', from: { run }, freeze: 'all', learningRate: 0.02 } as never],
  });
  target.stages[1] = { id: 'features', kind: 'standardize', inputs: ['data'] };
  const events = await runSpec(target, { dir });
  t.true(
    logs(events).some((m) => /reused 1 layer\(s\), froze 1/.test(m)),
    logs(events).join('\n'),
  );
  const done = events.find((e) => e.type === 'run-completed');
  t.truthy(done);
  // The frozen hidden layer kept the source's weights exactly.
  const src = await tf.loadLayersModel(fileLoadHandler(path.join(run, 'stages', 'classifier')));
  const dst = await tf.loadLayersModel(
    fileLoadHandler(path.join(dir, 'runs', events[0]!.runId, 'stages', 'classifier')),
  );
  const hidden = (m: tf.LayersModel) =>
    m.layers
      .find((l) => l.name.endsWith('.dense'))!
      .getWeights()[0]!
      .dataSync();
  t.deepEqual(Array.from(hidden(dst)), Array.from(hidden(src)));
  const head = (m: tf.LayersModel) => m.layers.find((l) => l.name.includes('head_'))!.getWeights()[0]!.shape;
  t.deepEqual(head(dst), [16, 3]);
  src.dispose();
  dst.dispose();
});

test('weights that no longer fit are reported by name; the rest still transfer', async (t) => {
  const dir = tempDir();
  const run = await sourceRun(dir);
  const target = tabularSpec({
    transforms: [{ kind: 'transfer', stage: 'classifier', from: { run }, freeze: 'none' } as never],
  });
  target.stages[2]!.params = { hidden: [16, 8] };
  const events = await runSpec(target, { dir });
  const warn = events.find((e) => e.type === 'log' && e.level === 'warn');
  t.truthy(warn, logs(events).join('\n'));
  t.regex(
    warn && warn.type === 'log' ? warn.message : '',
    /classifier\.dense_2\/0 \(source classifier\.dense_2 \[16, 16\]|did not fit/,
  );
});

test('a source whose input cannot connect is a clear error naming both stages', async (t) => {
  const dir = tempDir();
  const modelDir = path.join(dir, 'seq-model');
  mkdirSync(modelDir, { recursive: true });
  const input = tf.input({ shape: [null, 6] });
  const h = tf.layers
    .conv1d({ filters: 4, kernelSize: 3, padding: 'same', name: 'x.conv' })
    .apply(input) as tf.SymbolicTensor;
  const out = tf.layers.dense({ units: 2, name: 'x.head_y' }).apply(h) as tf.SymbolicTensor;
  await tf.model({ inputs: input, outputs: out }).save(fileSaveHandler(modelDir));
  const target = tabularSpec({
    transforms: [{ kind: 'transfer', stage: 'classifier', from: { model: modelDir } } as never],
  });
  const err = await t.throwsAsync(runSpec(target, { dir }), { instanceOf: StageError });
  t.regex(
    err!.message,
    new RegExp(
      /transfer from model .*seq-model \(input \[null, null, 6\]\) /.source +
        /cannot connect to stage `classifier` \(input \[null, 6\]\)/.source,
    ),
  );
});

test('transforms are checked when the spec compiles', async (t) => {
  const app = await createConcertina();
  const spec = tabularSpec({
    transforms: [
      { kind: 'transfer', stage: 'clasifier', from: { run: 'x' }, freeze: 'some' } as never,
      { kind: 'multitask', stage: 'features', heads: [{ supervision: 'corse' }] } as never,
    ],
  });
  const err = t.throws(() => preparePlan(validateSpec(spec, 's.json'), app.catalog), { instanceOf: SpecError });
  const ptrs = err.problems.map((p) => p.pointer);
  t.true(ptrs.includes('/transforms/0/freeze'), JSON.stringify(err.problems));
  const spec2 = tabularSpec({
    transforms: [
      { kind: 'transfer', stage: 'clasifier', from: { run: 'x' } } as never,
      { kind: 'multitask', stage: 'features', heads: [{ supervision: 'corse' }] } as never,
    ],
  });
  const err2 = t.throws(() => preparePlan(validateSpec(spec2, 's.json'), app.catalog), { instanceOf: SpecError });
  t.regex(err2.problems.find((p) => p.pointer === '/transforms/0/stage')!.hint!, /did you mean `classifier`/);
  t.regex(err2.problems.find((p) => p.pointer === '/transforms/1/stage')!.message, /not a network/);
  void lastValueFrom;
});

test('gradual unfreezing: frozen layers are unfrozen from the top on schedule and train with Adam', async (t) => {
  const dir = tempDir();
  const source = tabularSpec({ training: { epochs: 2, batchSize: 16, seed: 1 } });
  source.stages[2]!.params = { hidden: [16, 8] };
  const run = path.join(dir, 'runs', (await runSpec(source, { dir }))[0]!.runId);
  const target = tabularSpec({
    training: { epochs: 4, batchSize: 16, optimizer: { kind: 'adam', learningRate: 0.01 }, seed: 1 },
    transforms: [
      {
        kind: 'transfer',
        stage: 'classifier',
        from: { run },
        freeze: 'all',
        unfreeze: { after: 1, every: 1 },
      } as never,
    ],
  });
  target.stages[2]!.params = { hidden: [16, 8] };
  const events = await runSpec(target, { dir });
  const messages = logs(events);
  t.truthy(
    events.find((e) => e.type === 'run-completed'),
    messages.join('\n'),
  );
  const unfrozen = messages.filter((m) => /unfroze/.test(m));
  t.deepEqual(
    unfrozen.map((m) => m.replace(/^.*(epoch \d+: unfroze \S+).*$/, '$1')),
    ['epoch 2: unfroze classifier.dense_2', 'epoch 3: unfroze classifier.dense'],
  );
  // Both trunk layers moved away from the source once unfrozen.
  const src = await tf.loadLayersModel(fileLoadHandler(path.join(run, 'stages', 'classifier')));
  const dst = await tf.loadLayersModel(
    fileLoadHandler(path.join(dir, 'runs', events[0]!.runId, 'stages', 'classifier')),
  );
  for (const name of ['classifier.dense', 'classifier.dense_2']) {
    const w = (m: tf.LayersModel) => Array.from(m.getLayer(name).getWeights()[0]!.dataSync());
    t.notDeepEqual(w(dst), w(src), name);
  }
  src.dispose();
  dst.dispose();
});
