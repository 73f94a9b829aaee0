/**
 * Concertina against PyTorch on the same models and the same batches: the staged phoneme model (3 x conv1d
 * 128 k5 + BatchNorm + dropout, CTC), the end-to-end word network (that trunk, a bottleneck and the lexicon
 * decoder's conv, word CTC) and the reference MLP 260-256-256-10. Both sides train from the same initial
 * weights on the same dumped MFCCs and per-epoch batch lists; rounds interleave the sides (order flipped
 * every round) and medians are printed with the machine's load, since a shared machine is never idle.
 * PyTorch: Debian's python3-torch. Run: npm run bench:pytorch  (ROUNDS=3 EPOCHS=3 UTTERANCES=480 by default;
 * TORCH_THREADS=1,2 the PyTorch thread counts; VARIANTS='stock=CONCERTINA_BLAS=off;CONCERTINA_STOCK_BATCHNORM=1'
 * adds concertina runs with those environment variables to the same interleaved rounds, for A/B of a lever).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareData } from './vs-pytorch-data.js';

interface Result {
  side: string;
  workload: string;
  backend: string;
  examplesPerSec: number;
  firstEpochSec: number;
  firstLoss: number;
  losses: number[];
}

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const EPOCHS = Math.max(2, Number(process.env.EPOCHS ?? 3));
const UTTERANCES = Number(process.env.UTTERANCES ?? 480);
const WORKLOADS = (process.env.WORKLOADS ?? 'phoneme,word,mlp').split(',');
const THREADS = (process.env.TORCH_THREADS ?? '1,2').split(',').map(Number);
if (!THREADS.includes(1)) THREADS.unshift(1);
/** Extra concertina sides: name=VAR=value;VAR=value, comma-separated. */
const VARIANTS = (process.env.VARIANTS ?? '')
  .split(',')
  .filter((v) => v.includes('='))
  .map((v) => {
    const [name, ...rest] = v.split('=');
    const env = Object.fromEntries(
      rest
        .join('=')
        .split(';')
        .map((kv) => kv.split('=') as [string, string]),
    );
    return { name: name!, env };
  });
const fsdd = process.env.FSDD_DIR ?? path.join(root, '../shared/data/fsdd/recordings');

/** The first Python that imports torch: $PYTORCH_PYTHON, Debian's /usr/bin/python3, then python3 on PATH. */
function findTorch(): { python: string; version: string } | undefined {
  const candidates = [process.env.PYTORCH_PYTHON, '/usr/bin/python3', 'python3'].filter((p): p is string => !!p);
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' });
    if (r.status === 0) return { python, version: r.stdout.trim() };
  }
  return undefined;
}

const torch = findTorch();
if (!torch) {
  console.error(
    'PyTorch is not installed for any Python found (tried $PYTORCH_PYTHON, /usr/bin/python3, python3).\n' +
      "On Debian/Ubuntu: sudo apt-get install python3-torch   (Debian's package, used by /usr/bin/python3)\n" +
      'Elsewhere: pip install torch numpy, and point PYTORCH_PYTHON at that python.',
  );
  process.exit(2);
}

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Result {
  const r = spawnSync(cmd, args, { encoding: 'utf8', cwd: root, env: { ...process.env, ...env } });
  const line = r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  if (r.status !== 0 || !line) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return JSON.parse(line) as Result;
}

const concertina = (w: string, dir: string, variant?: { name: string; env: Record<string, string> }) => {
  const r = run(
    process.execPath,
    ['--import', 'tsx', path.join(here, 'vs-pytorch-concertina.ts'), w, dir],
    variant?.env,
  );
  return variant ? { ...r, side: `concertina[${variant.name}]` } : r;
};
const pytorch = (w: string, dir: string, threads: number) => {
  const n = String(threads);
  return run(torch.python, [path.join(here, 'vs_pytorch.py'), w, dir, n], {
    OMP_NUM_THREADS: n,
    OPENBLAS_NUM_THREADS: n,
    MKL_NUM_THREADS: n,
  });
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'concertina-vs-pytorch-'));
try {
  console.log(`PyTorch ${torch.version} (${torch.python}); ${os.cpus().length} cores; load ${load()} at start`);
  const t0 = performance.now();
  prepareData(dir, fsdd, UTTERANCES, EPOCHS);
  console.log(
    `data: ${UTTERANCES} FSDD utterances (MFCCs), ${EPOCHS} epochs per run (the first timed apart), ` +
      `${ROUNDS} interleaved rounds; prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const results = new Map<string, Result[]>();
  const keep = (r: Result) => {
    const k = `${r.workload}/${r.side}`;
    results.set(k, [...(results.get(k) ?? []), r]);
    return r;
  };
  let backendLine = '';
  const backends = new Map<string, string>();
  for (let round = 1; round <= ROUNDS; round++) {
    for (const w of WORKLOADS) {
      const runs = [
        () => concertina(w, dir),
        ...VARIANTS.map((v) => () => concertina(w, dir, v)),
        ...THREADS.map((n) => () => pytorch(w, dir, n)),
      ];
      // The concertina side writes the initial weights, so it goes first in round 1; later rounds reverse.
      const order = round % 2 === 1 ? runs : [...runs.slice(1).reverse(), runs[0]!];
      const line: string[] = [];
      for (const f of order) {
        const before = load();
        const r = keep(f());
        if (r.side === 'concertina') backendLine = r.backend;
        else if (r.side.startsWith('concertina')) backends.set(r.side, r.backend);
        line.push(`${r.side} ${r.examplesPerSec.toFixed(0)}/s (load ${before})`);
      }
      console.log(`round ${round} ${w}: ${line.join(', ')}`);
    }
  }
  console.log(`concertina backend: ${backendLine}`);
  for (const [side, b] of backends) console.log(`${side} backend: ${b}`);
  console.log('\nmedians (examples/s; epochs after the first):');
  const ratios: number[] = [];
  for (const w of WORKLOADS) {
    const med = (side: string) => median(results.get(`${w}/${side}`)!.map((r) => r.examplesPerSec));
    const c = med('concertina');
    const p1 = med('pytorch-1t');
    ratios.push(p1 / c);
    const cr = results.get(`${w}/concertina`)![0]!;
    const pr = results.get(`${w}/pytorch-1t`)![0]!;
    // Variants: their ratio to single-thread PyTorch; more PyTorch threads: their speed over concertina's.
    const others = [
      ...VARIANTS.map((v) => {
        const x = med(`concertina[${v.name}]`);
        return `, concertina[${v.name}] ${x.toFixed(0)} (${(p1 / x).toFixed(2)}x)`;
      }),
      ...THREADS.slice(1).map((n) => {
        const x = med(`pytorch-${n}t`);
        return `, PyTorch ${n} threads ${x.toFixed(0)} (${(x / c).toFixed(2)}x)`;
      }),
    ];
    console.log(
      `  ${w.padEnd(8)} concertina ${c.toFixed(0)}, PyTorch 1 thread ${p1.toFixed(0)} (${(p1 / c).toFixed(2)}x)` +
        others.join(''),
    );
    console.log(
      `           losses: first batch ${cr.firstLoss.toFixed(4)} vs ${pr.firstLoss.toFixed(4)}; per epoch ` +
        `${cr.losses.map((l) => l.toFixed(4)).join(' ')} vs ${pr.losses.map((l) => l.toFixed(4)).join(' ')}`,
    );
  }
  console.log(`load at end ${load()} (1, 5, 15 min); the machine was shared, so figures are under that load`);
  console.log(`slowest ratio to single-thread PyTorch: ${Math.max(...ratios).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
