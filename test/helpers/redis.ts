/**
 * Redis for the queue tests: a private redis-server on a free loopback port (persisting to its own
 * folder, so it can be restarted mid-test), and `concertina worker` processes. Tests that need Redis
 * fail, never skip, when redis-server is missing (.ci/run installs Debian's).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { repoRoot } from './cli.js';
import { tempDir } from './temp-dir.js';

export interface RedisServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
  /** Stops (saving) and starts again on the same port with the same data. */
  restart(): Promise<void>;
}

function redisBinary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(
      'these tests need redis-server (Debian: apt-get install redis-server; .ci/run installs it when missing)',
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const servers = new Set<ChildProcess>();
process.once('exit', () => {
  for (const s of servers) s.kill('SIGKILL');
});

async function launch(bin: string, port: number, dir: string): Promise<ChildProcess> {
  const log = path.join(dir, 'redis.log');
  writeFileSync(log, '');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--logfile', log];
  const child = spawn(bin, [...args, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  child.unref(); // the test process may exit with it running; the exit hook stops it
  servers.add(child);
  child.once('exit', () => servers.delete(child));
  const started = Date.now();
  for (;;) {
    const text = readFileSync(log, 'utf8');
    if (/Ready to accept connections/.test(text.split(/Received SIG/).at(-1)!)) return child;
    if (child.exitCode !== null || Date.now() - started > 10_000)
      throw new Error(`redis-server did not start (port ${port}):\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs` (a worker whose Redis is gone cannot close). */
async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** A redis-server of this test alone, on 127.0.0.1 and a free port; stopped when the process exits. */
export async function privateRedis(): Promise<RedisServer> {
  const bin = redisBinary();
  const port = await freePort();
  const dir = tempDir('concertina-redis-');
  let child = await launch(bin, port, dir);
  return {
    url: `redis://127.0.0.1:${port}/0`,
    port,
    stop: () => stopChild(child),
    async restart() {
      await stopChild(child);
      child = await launch(bin, port, dir);
    },
  };
}

/**
 * The Redis the tests share: $CONCERTINA_TEST_REDIS (.ci/run starts one), else a private one. Tests
 * keep apart through queue names of their own.
 */
export async function testRedisUrl(): Promise<string> {
  if (process.env.CONCERTINA_TEST_REDIS) return process.env.CONCERTINA_TEST_REDIS;
  shared ??= privateRedis();
  return (await shared).url;
}
let shared: Promise<RedisServer> | undefined;

/** Stops every worker this process started (call from test.after.always). */
export async function stopWorkers(): Promise<void> {
  await Promise.all([...workers].map((w) => stopChild(w)));
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  /** Everything the worker printed so far. */
  output(): string;
  /** Resolves when its output matches. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const workers = new Set<ChildProcess>();
process.once('exit', () => {
  for (const w of workers) w.kill('SIGKILL');
});

/** Starts `concertina worker` (the built CLI) and waits until it is connected. */
export async function startWorker(
  url: string,
  cacheDir: string,
  hostId: string,
  env: NodeJS.ProcessEnv = {},
  extra: string[] = [],
): Promise<WorkerProcess> {
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'bin/concertina.js'),
      'worker',
      '--queue',
      url,
      '--cache',
      cacheDir,
      '--host-id',
      hostId,
      ...extra,
    ],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  workers.add(child);
  child.once('exit', () => workers.delete(child));
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const w: WorkerProcess = {
    child,
    output: () => out,
    waitFor: (re, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const check = setInterval(() => {
          if (re.test(out)) {
            clearInterval(check);
            resolve();
          } else if (Date.now() - started > timeoutMs || child.exitCode !== null) {
            clearInterval(check);
            reject(new Error(`worker ${hostId}: no ${re} after ${Date.now() - started} ms:\n${out}`));
          }
        }, 50);
      }),
    stop: () => stopChild(child),
  };
  await w.waitFor(/worker host \S+ pid \d+ on redis:/, 30_000);
  return w;
}
