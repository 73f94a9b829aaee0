import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageVersion } from './package-root.js';

let cached: string | undefined;

/**
 * The version of the code that computes results, for cache keys: the package version and a hash of
 * every source file of the running tree (src/, stages/, datasets/ next to this one, in the language it
 * runs in). Editing any of them invalidates cached results instead of silently reusing stale ones.
 */
export function codeVersion(): string {
  if (cached) return cached;
  const here = path.dirname(fileURLToPath(import.meta.url)); // <root>/src/util (or dist/src/util)
  const root = path.resolve(here, '../..');
  const ext = path.extname(fileURLToPath(import.meta.url));
  const h = createHash('sha256');
  for (const dir of ['src', 'stages', 'datasets']) {
    for (const f of listFiles(path.join(root, dir), ext)) {
      h.update(path.relative(root, f));
      h.update(readFileSync(f));
    }
  }
  return (cached = `${packageVersion()}+${h.digest('hex').slice(0, 16)}`);
}

function listFiles(dir: string, ext: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((e) => {
    const p = path.join(dir, e);
    if (statSync(p).isDirectory()) return listFiles(p, ext);
    return e.endsWith(ext) && !e.endsWith('.d.ts') ? [p] : [];
  });
}
