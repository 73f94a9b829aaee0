import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The concertina package folder (holds package.json, schemas/), whether running from src/ or dist/. */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (existsSync(pj) && (JSON.parse(readFileSync(pj, 'utf8')) as { name?: string }).name === 'concertina')
      return (cached = dir);
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the concertina package root from ' + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** Reads a JSON Schema shipped in schemas/ (e.g. `stages/mfcc.params.schema.json`). */
export function loadSchema(relative: string): object {
  return JSON.parse(readFileSync(path.join(packageRoot(), 'schemas', relative), 'utf8')) as object;
}

/** The package version from package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}
