/**
 * Warm cache: a speech ablation run cold, rerun unchanged (finished trials are reused), and rerun with
 * only the last stage's params changed (only that stage is recomputed). Prints times, the warm/cold
 * ratio (target <= 5%) and the cache hits and misses of each.  Run: node --import tsx bench/ablation-cache.ts
 */
import { lastValueFrom, toArray } from 'rxjs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAblationEvent, type AblationStreamEvent } from '../src/ablation/ablation-event.js';
import { runAblation } from '../src/ablation/run-ablation.js';
import { validateSpec } from '../src/spec/load-spec.js';
import { setPath } from '../src/spec/overrides.js';

const spec: Record<string, unknown> = {
  name: 'cache-bench',
  dataset: { kind: 'synthetic-speech', params: { utterancesPerWord: 20, seed: 0 }, split: { kind: 'official' } },
  lexicon: {},
  stages: [
    { id: 'audio', kind: 'audio-input', params: { sampleRate: 8000 } },
    { id: 'features', kind: 'mfcc', inputs: ['audio'] },
    {
      id: 'phonemes',
      kind: 'phoneme-model',
      inputs: ['features'],
      supervision: 'phonemes',
      params: { layers: 2, units: 48 },
    },
    { id: 'words', kind: 'lexicon-decoder', inputs: ['phonemes'], supervision: 'words', params: { maxWords: 1 } },
    {
      id: 'sentence',
      kind: 'grammar',
      inputs: ['words'],
      supervision: 'words',
      params: { rule: 'digit', ngramOrder: 1 },
    },
  ],
  training: { epochs: 8, batchSize: 32, optimizer: { kind: 'adam', learningRate: 0.003 }, seed: 1 },
  ablation: { modes: ['staged'], trainFractions: [0.5, 1], seeds: [1, 2] },
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'cache-bench-'));
async function ablate(
  doc: Record<string, unknown>,
): Promise<{ ms: number; hits: number; misses: number; recomputed: string[] }> {
  const loaded = validateSpec(structuredClone(doc), path.join(dir, 'spec.json'), {}, dir);
  const t0 = performance.now();
  const events = (await lastValueFrom(
    runAblation({
      loaded,
      raw: structuredClone(doc),
      grid: {},
      runsDir: `${dir}/runs`,
      cacheDir: `${dir}/cache`,
      workers: 2,
      command: 'bench',
    }).pipe(toArray()),
  )) as AblationStreamEvent[];
  const ms = performance.now() - t0;
  let hits = 0;
  let misses = 0;
  const recomputed = new Set<string>();
  for (const e of events) {
    if (isAblationEvent(e) && e.type === 'trial-completed' && !e.reused) {
      const summary = JSON.parse(
        (await import('node:fs')).readFileSync(path.join(e.result.runDir, 'metrics.json'), 'utf8'),
      ) as { cache: { hits: number; misses: number } };
      hits += summary.cache.hits;
      misses += summary.cache.misses;
    }
    if (!isAblationEvent(e) && e.type === 'stage-completed' && !e.cached && e.stageId !== 'audio')
      recomputed.add(e.stageId!);
  }
  return { ms, hits, misses, recomputed: [...recomputed].sort() };
}

try {
  const cold = await ablate(spec);
  console.log(
    `cold:        ${(cold.ms / 1000).toFixed(1)} s, cache hits ${cold.hits}, misses ${cold.misses}, ` +
      `stages computed: ${cold.recomputed.join(', ')}`,
  );
  const warm = await ablate(spec);
  console.log(
    `warm rerun:  ${(warm.ms / 1000).toFixed(2)} s ` +
      `(${((warm.ms / cold.ms) * 100).toFixed(1)}% of cold; target <= 5%), ` +
      `trials reused, stages computed: ${warm.recomputed.join(', ') || 'none'}`,
  );
  const changed = structuredClone(spec);
  setPath(changed, 'stages.sentence.params.lmWeight', 0.9);
  const last = await ablate(changed);
  console.log(
    `last stage changed: ${(last.ms / 1000).toFixed(1)} s (${((last.ms / cold.ms) * 100).toFixed(1)}% of cold), ` +
      `cache hits ${last.hits}, misses ${last.misses}, stages computed: ${last.recomputed.join(', ')}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
