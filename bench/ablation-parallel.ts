/**
 * Parallel efficiency of ablations: the same grid of trials with 1 worker and with 2 workers (fresh
 * caches each time, data pre-generated so that both start equal). Prints wall times and the speed-up.
 * Target: at least 1.8x on 2 cores.  Run: node --import tsx bench/ablation-parallel.ts
 */
import { lastValueFrom } from 'rxjs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAblation } from '../src/ablation/run-ablation.js';
import { validateSpec } from '../src/spec/load-spec.js';

const spec = {
  name: 'parallel-bench',
  dataset: { kind: 'synthetic-tabular', params: { classes: 10, features: 64, informative: 16, examplesPerClass: 600, seed: 3 }, split: { kind: 'official' } },
  stages: [
    { id: 'data', kind: 'input' },
    { id: 'features', kind: 'standardize', inputs: ['data'] },
    { id: 'classifier', kind: 'dense-classifier', inputs: ['features'], supervision: 'label', params: { hidden: [256, 256] } },
  ],
  training: { epochs: 12, batchSize: 64, optimizer: { kind: 'adam', learningRate: 0.001 }, seed: 1 },
  ablation: { modes: ['staged', 'end-to-end'], trainFractions: [1], seeds: [1, 2, 3, 4] },
};

async function timed(workers: number): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `parallel-${workers}-`));
  try {
    const loaded = validateSpec(structuredClone(spec), path.join(dir, 'spec.json'), {}, dir);
    const t0 = performance.now();
    await lastValueFrom(runAblation({ loaded, raw: structuredClone(spec), grid: {}, runsDir: `${dir}/runs`, cacheDir: `${dir}/cache`, workers, backend: 'wasm', command: 'bench' }));
    return performance.now() - t0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const trials = spec.ablation.modes.length * spec.ablation.seeds.length;
console.log(`${trials} trials (MLP 64-256-256-10, 12 epochs, 4,800 training examples each), ${os.cpus().length} cores`);
const one = await timed(1);
console.log(`1 worker:  ${(one / 1000).toFixed(1)} s`);
const two = await timed(2);
console.log(`2 workers: ${(two / 1000).toFixed(1)} s`);
console.log(`speed-up ${(one / two).toFixed(2)}x, parallel efficiency ${((one / two / 2) * 100).toFixed(0)}% (target >= 1.8x)`);
