/**
 * Runs every benchmark in bench/ one after the other (each in its own process, so none warms another's
 * caches), printing each one's figures. Run: npm run bench [-- name ...] to run only some.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Helpers that other benchmarks start, not benchmarks themselves. */
const NOT_BENCHMARKS = new Set([
  'run-all.ts',
  'plain-training-loop.ts',
  'tabular-spec.ts',
  // Needs PyTorch (npm run bench:pytorch) and its helpers.
  'vs-pytorch.ts',
  'vs-pytorch-concertina.ts',
  'vs-pytorch-data.ts',
]);
const wanted = process.argv.slice(2);
const all = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && !NOT_BENCHMARKS.has(f))
  .sort();
const chosen = wanted.length ? all.filter((f) => wanted.includes(f.replace(/\.ts$/, ''))) : all;
const unknown = wanted.filter((w) => !all.includes(`${w}.ts`));
if (unknown.length) {
  console.error(`no benchmark ${unknown.join(', ')}; there are ${all.map((f) => f.replace(/\.ts$/, '')).join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const f of chosen) {
  console.log(`\n=== ${f.replace(/\.ts$/, '')} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, f)], { stdio: 'inherit' });
  if (r.status !== 0) {
    failed++;
    console.log(`(${f} exited with ${r.status ?? r.signal})`);
  }
}
process.exit(failed ? 1 : 0);
