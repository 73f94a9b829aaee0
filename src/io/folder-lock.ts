import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors/pipeline-error.js';
import { processAlive } from '../util/process-alive.js';

/** What a folder lock file holds: who holds it and since when. */
interface Holder {
  readonly pid: number;
  readonly since: string;
  readonly command?: string;
}

/** A held lock; release it when done (it is released at process exit too). */
export interface FolderLock {
  readonly file: string;
  release(): void;
}

/**
 * Takes `<dir>/<name>` for this process so that a second process writing the same folder refuses at once,
 * naming the first one's pid, instead of both writing it. The file is created exclusively with its holder
 * inside; one left by a dead process, or one empty or garbled (a kill or a full disk between creating and
 * writing it) is stale: taken over, with `onStale` told why.
 */
export function lockFolder(
  dir: string,
  name: string,
  what: string,
  onStale: (why: string) => void = () => {},
  command?: string,
): FolderLock {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readHolder(file);
      if (holder && holder.pid !== process.pid && processAlive(holder.pid)) {
        throw new UsageError(`${what} ${dir} is in use by process ${holder.pid} (since ${holder.since})`, {
          hint:
            `wait for it to finish or stop it (kill ${holder.pid}), or give another folder; ` +
            `if no such process is running, remove ${file}`,
        });
      }
      onStale(
        holder
          ? `taking over ${file}: its holder, process ${holder.pid}, is no longer running`
          : `taking over ${file}: it is empty or unreadable (left by an interrupted process)`,
      );
      rmSync(file, { force: true });
      continue;
    }
    const holder: Holder = { pid: process.pid, since: new Date().toISOString(), ...(command ? { command } : {}) };
    writeSync(fd, JSON.stringify(holder) + '\n');
    closeSync(fd);
    const release = () => {
      if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
      process.off('exit', release);
    };
    process.on('exit', release);
    return { file, release };
  }
  throw new UsageError(`${what} ${dir}: cannot take ${file} (other processes keep taking it)`);
}

function readHolder(file: string): Holder | undefined {
  try {
    const h = JSON.parse(readFileSync(file, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' && Number.isInteger(h.pid) && h.pid > 0
      ? { pid: h.pid, since: String(h.since) }
      : undefined;
  } catch {
    return undefined;
  }
}
