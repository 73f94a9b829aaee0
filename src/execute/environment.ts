import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { packageRoot, packageVersion } from '../util/package-root.js';

/** What env.json records: enough to know where a result came from and to repeat it. */
export interface RunEnvironment {
  readonly concertina: string;
  readonly node: string;
  readonly platform: string;
  readonly cpus: number;
  readonly memoryGiB: number;
  readonly backend: {
    readonly name: string;
    readonly requested: string;
    readonly reason: string;
    /** What runs matrix products on wasm (native OpenBLAS or XNNPACK, and why). */
    readonly matmul?: string;
  };
  readonly packages: Readonly<Record<string, string>>;
  readonly git: { readonly commit: string; readonly dirty: boolean } | null;
  readonly seed: number;
  readonly argv: readonly string[];
  readonly cwd: string;
}

const PACKAGES = [
  '@tensorflow/tfjs',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-node',
  '@dagrejs/graphlib',
  'inversify',
  'rxjs',
  'ajv',
  'espeak-ng',
  'fft.js',
];

/** Collects versions, machine, backend and git state. */
export function collectEnvironment(backend: RunEnvironment['backend'], seed: number): RunEnvironment {
  const require = createRequire(path.join(packageRoot(), 'package.json'));
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      packages[name] = (
        JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }
      ).version;
    } catch {
      packages[name] = 'not installed';
    }
  }
  return {
    concertina: packageVersion(),
    node: process.version,
    platform: `${os.platform()} ${os.arch()} ${os.release()}`,
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    backend,
    packages,
    git: gitState(),
    seed,
    argv: process.argv.slice(2),
    cwd: process.cwd(),
  };
}

function gitState(): RunEnvironment['git'] {
  try {
    const opts = {
      cwd: packageRoot(),
      stdio: ['ignore', 'pipe', 'ignore'] as ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    };
    const commit = execFileSync('git', ['rev-parse', 'HEAD'], opts).toString().trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], opts).toString().trim().length > 0;
    return { commit, dirty };
  } catch {
    return null;
  }
}

/** A sortable, readable run id: 20261129-174502-spoken-digits-staged-3f2a. */
export function makeRunId(name: string, mode: string, at = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-` +
    `${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
  const rand = randomBytes(2).toString('hex');
  return `${stamp}-${name}-${mode}-${rand}`;
}
