/**
 * Leases in a cache folder that several hosts share, simulated on one machine: two host identities
 * (two StepCache objects, or a child process with another $CONCERTINA_HOST_ID) on one folder.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { StepCache } from '../../src/cache/step-cache.js';
import { contentKey } from '../../src/util/content-key.js';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp-dir.js';

const TTL = 800;

function host(root: string, name: string, leaseMs = TTL) {
  const lines: string[] = [];
  const cache = new StepCache(root, false, { host: name, leaseMs, log: (m) => lines.push(m) });
  return { cache, lines };
}

function lockFile(root: string, key: string): string {
  return path.join(root, 'locks', `${key}.lock`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const [name, content, reason] of [
  ['empty', '', 'empty (0 bytes)'],
  ['garbage', '\u0000\u0000{"pi', 'garbage'],
  ['old-format', JSON.stringify({ pid: 1, at: '2020-01-01' }), 'garbage'],
] as const) {
  test(`a leftover ${name} lock file is stale: taken over at once, with a log line`, async (t) => {
    const root = tempDir();
    const { cache, lines } = host(root, 'host-a');
    const key = contentKey(name);
    mkdirSync(path.join(root, 'locks'), { recursive: true });
    writeFileSync(lockFile(root, key), content);
    const started = Date.now();
    const release = await cache.lock(key);
    t.true(Date.now() - started < 2000, 'no wait on a lock file that names no holder');
    t.is(lines.length, 1);
    t.regex(lines[0]!, new RegExp(`stale, ${reason.replace(/[()]/g, '\\$&')}.*taking it over`));
    const record = JSON.parse(readFileSync(lockFile(root, key), 'utf8')) as Record<string, unknown>;
    t.like(record, { host: 'host-a', pid: process.pid });
    release();
    t.deepEqual(readdirSync(path.join(root, 'locks')), [], 'released, and no temporary or stale file left');
  });
}

test('a live lease of another host is waited on (naming the holder and since when), heartbeat keeps it', async (t) => {
  const root = tempDir();
  const a = host(root, 'host-a');
  const b = host(root, 'host-b');
  const key = contentKey('held');
  const releaseB = await b.cache.lock(key);
  let got = false;
  const waiting = a.cache.lock(key).then((r) => {
    got = true;
    return r;
  });
  await sleep(TTL * 3); // three lifetimes: only the heartbeat keeps b's lease alive
  t.false(got, 'a waits while b renews its lease');
  t.regex(a.lines[0]!, /waiting for host host-b pid \d+, which has held it for \d+\.\d s \(lease renewed until/);
  const record = JSON.parse(readFileSync(lockFile(root, key), 'utf8')) as { expires: string; since: string };
  t.true(Date.parse(record.expires) - Date.parse(record.since) > TTL, 'the expiry moved on');
  releaseB();
  (await waiting)();
  t.true(got);
  t.regex(a.lines.at(-1)!, /taken after waiting/);
});

test('the lease of a host that died is taken over once it expires, not before', async (t) => {
  const root = tempDir();
  const key = contentKey('dead-host');
  const ttl = 2500;
  // host-b: a separate process that takes the lease and is killed while holding it.
  const script =
    `import { StepCache } from ${JSON.stringify(path.join(repoRoot, 'src/cache/step-cache.ts'))};` +
    `await new StepCache(${JSON.stringify(root)}, false, { leaseMs: ${ttl} }).lock(${JSON.stringify(key)});` +
    `process.stdout.write('held\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    env: { ...process.env, CONCERTINA_HOST_ID: 'host-b' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
  const killedAt = Date.now();
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  // host-a cannot test the liveness of a process on another host: it waits for the lease to expire.
  const a = host(root, 'host-a', ttl);
  const release = await a.cache.lock(key);
  const waited = Date.now() - killedAt;
  t.true(waited >= ttl * 0.5, `waited ${waited} ms for a lease of ${ttl} ms`);
  t.true(waited < ttl * 3, `took over within ${waited} ms`);
  t.true(
    a.lines.some((l) => /waiting for host host-b pid \d+/.test(l)),
    a.lines.join('\n'),
  );
  t.true(
    a.lines.some((l) => /stale, expired .* ago \(host host-b, pid \d+, no heartbeat\); taking it over/.test(l)),
    a.lines.join('\n'),
  );
  release();
});

test('on the same host a lease whose process is gone is taken over at once', async (t) => {
  const root = tempDir();
  const { cache, lines } = host(root, 'host-a', 60_000);
  const key = contentKey('same-host');
  mkdirSync(path.join(root, 'locks'), { recursive: true });
  const now = Date.now();
  writeFileSync(
    lockFile(root, key),
    JSON.stringify({
      host: 'host-a',
      pid: 4194305, // 2^22 + 1: never a live pid here
      token: 'x',
      since: new Date(now).toISOString(),
      expires: new Date(now + 60_000).toISOString(),
    }),
  );
  const started = Date.now();
  (await cache.lock(key))();
  t.true(Date.now() - started < 2000);
  t.regex(lines[0]!, /its process 4194305 on this host \(host-a\) is gone; taking it over/);
});

test('a live lease of a holder known gone (a stalled queue attempt) is taken at once, others are not', async (t) => {
  const root = tempDir();
  const lines: string[] = [];
  const gone = [{ host: 'host-b', pid: 4242 }];
  const cache = new StepCache(root, false, { host: 'host-a', leaseMs: 60_000, log: (m) => lines.push(m), gone });
  mkdirSync(path.join(root, 'locks'), { recursive: true });
  const now = Date.now();
  const lease = (pid: number) =>
    JSON.stringify({
      host: 'host-b',
      pid,
      token: `t${pid}`,
      since: new Date(now).toISOString(),
      expires: new Date(now + 60_000).toISOString(),
    });
  const key = contentKey('gone-holder');
  writeFileSync(lockFile(root, key), lease(4242));
  const started = Date.now();
  (await cache.lock(key))();
  t.true(Date.now() - started < 2000);
  t.regex(lines[0]!, /its holder \(host host-b, pid 4242\) ran an earlier attempt of this trial.*; taking it over/);
  // another process of the same host still holds its lease: waited on until the abort
  const other = contentKey('other-holder');
  writeFileSync(lockFile(root, other), lease(4243));
  const abort = new AbortController();
  setTimeout(() => abort.abort(new Error('gave up')), 600);
  await t.throwsAsync(cache.lock(other, abort.signal), { message: 'gave up' });
  t.true(
    lines.some((l) => /waiting for host host-b pid 4243/.test(l)),
    lines.join('\n'),
  );
});

test('a holder whose lease was taken over notices, and its release leaves the new lease alone', async (t) => {
  const root = tempDir();
  const a = host(root, 'host-a');
  const key = contentKey('lost');
  const release = await a.cache.lock(key);
  const theirs = JSON.stringify({
    host: 'host-b',
    pid: 77,
    token: 'theirs',
    since: new Date().toISOString(),
    expires: new Date(Date.now() + 60_000).toISOString(),
  });
  writeFileSync(lockFile(root, key), theirs); // as if a stalled a had been taken over by b
  await sleep(TTL / 2);
  t.regex(a.lines.join('\n'), /lost its lease to host host-b pid 77/);
  release();
  t.is(readFileSync(lockFile(root, key), 'utf8'), theirs);
});

test('a waiter stops waiting when the holder publishes the entry', async (t) => {
  const root = tempDir();
  const a = host(root, 'host-a');
  const b = host(root, 'host-b');
  const key = contentKey('published');
  const releaseB = await b.cache.lock(key);
  const waiting = a.cache.lock(key);
  await b.cache.store(key, { what: 'test' }, async (dir) => writeFileSync(path.join(dir, 'x'), '1'));
  (await waiting)(); // resolves although b still holds the lease
  t.true(a.cache.complete(key));
  releaseB();
});

test('on the same host a live process keeps its lease even when its heartbeat is late', async (t) => {
  const root = tempDir();
  const { cache, lines } = host(root, 'host-a');
  const key = contentKey('late-heartbeat');
  mkdirSync(path.join(root, 'locks'), { recursive: true });
  const now = Date.now();
  const record = {
    host: 'host-a',
    pid: process.ppid, // alive
    token: 'x',
    since: new Date(now - 60_000).toISOString(),
    expires: new Date(now - 10_000).toISOString(),
  };
  writeFileSync(lockFile(root, key), JSON.stringify(record));
  let got = false;
  const waiting = cache.lock(key).then((r) => {
    got = true;
    return r;
  });
  await sleep(1000);
  t.false(got, 'not taken over from a live process of this host');
  t.regex(lines[0]!, new RegExp(`waiting for host host-a pid ${process.ppid}, which has held it for 6\\d s`));
  rmSync(lockFile(root, key));
  (await waiting)();
  t.true(got);
});
