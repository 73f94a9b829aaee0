import test from 'ava';
import { queueSettings, recoveryBoundMs, workerTimings } from '../../src/queue/queue-settings.js';

const withEnv = <T>(env: Record<string, string>, f: () => T): T => {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return f();
  } finally {
    for (const k of Object.keys(env)) delete process.env[k];
    Object.assign(process.env, saved);
  }
};

test('the stalled check runs every half of the stalled interval, locks are renewed every quarter', (t) => {
  const s = queueSettings();
  t.deepEqual(workerTimings(s), { lockDuration: 5000, lockRenewTime: 1250, stalledInterval: 5000 });
  // a dead worker's trial is taken over within 10 s with the defaults: under the stalled interval + 5 s
  t.is(recoveryBoundMs(s), 10_000);
});

test('recovery bound: max(lock, interval / 2) + interval / 2, never over lock + interval', (t) => {
  for (const [lock, stalled, bound] of [
    [2000, 2000, 3000],
    [500, 10_000, 10_000],
    [30_000, 30_000, 45_000],
  ] as const) {
    const s = withEnv(
      { CONCERTINA_QUEUE_LOCK_MS: String(lock), CONCERTINA_QUEUE_STALLED_MS: String(stalled) },
      queueSettings,
    );
    t.is(recoveryBoundMs(s), bound);
    t.true(bound <= lock + stalled);
  }
});
