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

/** Whether a process with this id is alive on this machine (a `running` status whose process died is stale). */
export function processAlive(pid: number | undefined): boolean {
  if (typeof pid !== 'number' || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
