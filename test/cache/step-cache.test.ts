import test from 'ava';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StepCache } from '../../src/cache/step-cache.js';
import { canonicalJson, contentKey } from '../../src/util/content-key.js';
import { tempDir } from '../helpers/temp-dir.js';

test('content keys ignore key order and see every value', (t) => {
  t.is(contentKey({ a: 1, b: [1, { c: 2, d: 3 }] }), contentKey({ b: [1, { d: 3, c: 2 }], a: 1 }));
  t.not(contentKey({ a: 1 }), contentKey({ a: 2 }));
  t.is(canonicalJson({ z: 1, a: { y: 2, b: 3 } }), '{"a":{"b":3,"y":2},"z":1}');
});

test('an entry is visible only once complete; a second writer of the same key keeps the first', async (t) => {
  const cache = new StepCache(tempDir());
  const key = contentKey('k');
  t.is(cache.lookup(key), undefined);
  let seenMidway = true;
  await cache.store(key, { what: 'test' }, async (dir) => {
    writeFileSync(path.join(dir, 'x'), 'first');
    seenMidway = cache.complete(key);
  });
  t.false(seenMidway, 'a half-built entry is not complete');
  await cache.store(key, { what: 'test' }, async (dir) => writeFileSync(path.join(dir, 'x'), 'second'));
  t.is(readFileSync(path.join(cache.lookup(key)!, 'x'), 'utf8'), 'first');
  t.deepEqual([cache.stats.hits, cache.stats.misses], [1, 1]);
  await t.throwsAsync(
    cache.store(contentKey('bad'), { what: 'test' }, async () => {
      throw new Error('boom');
    }),
  );
  t.false(cache.complete(contentKey('bad')), 'a failed write leaves no entry');
});

test('a lock makes the second caller wait for the first; a dead holder is taken over', async (t) => {
  const cache = new StepCache(tempDir());
  const key = contentKey('lock');
  const release = await cache.lock(key);
  let second = false;
  const waiting = cache.lock(key).then((r) => {
    second = true;
    return r;
  });
  await new Promise((r) => setTimeout(r, 250));
  t.false(second, 'the second caller waits');
  release();
  (await waiting)();
  t.true(second);
  // A lock left by a process that no longer exists (pid 2^22 + 1 is never alive here).
  const dead = contentKey('dead');
  mkdirSync(path.join(cache.root, 'locks'), { recursive: true });
  writeFileSync(path.join(cache.root, 'locks', `${dead}.lock`), JSON.stringify({ pid: 4194305 }));
  const r = await cache.lock(dead);
  r();
  t.pass();
});

test('prune removes entries unused for a while, and with everything the leftovers of interrupted work', async (t) => {
  const cache = new StepCache(tempDir());
  await cache.store(contentKey(1), { what: 'a' }, async (dir) => writeFileSync(path.join(dir, 'f'), 'x'.repeat(1000)));
  mkdirSync(path.join(cache.root, 'partial', 'p'), { recursive: true });
  t.is(cache.entries().length, 1);
  t.deepEqual(cache.prune(30).removed, 0);
  const all = cache.prune(0);
  t.is(all.removed, 1);
  t.true(all.freedBytes >= 1000);
  t.false(existsSync(path.join(cache.root, 'partial')));
});
