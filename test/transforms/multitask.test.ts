import test from 'ava';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RunCompleted } from '../../src/events/run-event.js';
import { runSpec } from '../helpers/run.js';
import { tabularSpec } from '../helpers/specs.js';
import { tempDir } from '../helpers/temp-dir.js';

const done = (events: Awaited<ReturnType<typeof runSpec>>) =>
  events.find((e): e is RunCompleted => e.type === 'run-completed')!;

test('multitask: one trunk, a main head and an auxiliary head, metrics per head', async (t) => {
  const spec = tabularSpec({
    transforms: [
      { kind: 'multitask', stage: 'classifier', weight: 1, heads: [{ supervision: 'coarse', weight: 0.5 }] } as never,
    ],
  });
  const events = await runSpec(spec);
  const m = done(events).metrics.classifier!;
  t.true(m.accuracy! > 0.5, JSON.stringify(m));
  t.true(m['coarse.accuracy']! > 0.5, JSON.stringify(m));
  const epoch = events.find((e) => e.type === 'epoch-end');
  t.truthy(epoch && epoch.type === 'epoch-end' && epoch.metrics['coarse.accuracy'] !== undefined);
});

test('multitask separate: one network per head (the single-task baseline) saved side by side', async (t) => {
  const dir = tempDir();
  const spec = tabularSpec({
    transforms: [
      { kind: 'multitask', stage: 'classifier', heads: [{ supervision: 'coarse' }], separate: true } as never,
    ],
  });
  const events = await runSpec(spec, { dir });
  const m = done(events).metrics.classifier!;
  t.true(m['coarse.accuracy']! > 0.5);
  const stage = path.join(dir, 'runs', events[0]!.runId, 'stages', 'classifier');
  t.true(existsSync(path.join(stage, 'net-0', 'model.json')) && existsSync(path.join(stage, 'net-1', 'model.json')));
});
