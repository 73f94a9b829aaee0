import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A JSON file of a folder, or undefined when it is missing or not (yet) whole JSON. */
export function readJsonOr<T>(dir: string, name: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as T;
  } catch {
    return undefined;
  }
}
