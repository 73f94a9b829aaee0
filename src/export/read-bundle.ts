import { readFileSync } from 'node:fs';
import path from 'node:path';
import { listFiles } from './export-run.js';

/** Every file of a bundle folder in memory (path relative to it -> bytes), as `InferencePipeline.load` takes it. */
export function readBundle(dir: string): Map<string, Uint8Array> {
  return new Map(listFiles(dir).map((f) => [f.file, new Uint8Array(readFileSync(path.join(dir, f.file)))]));
}
