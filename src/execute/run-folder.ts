import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { writeJsonAtomic } from '../io/atomic-write.js';
import type { RunEvent } from '../events/run-event.js';

export type RunState = 'running' | 'completed' | 'failed' | 'interrupted';

/** What status.json holds: written at start and at the end, atomically. */
export interface RunStatus {
  readonly runId: string;
  readonly state: RunState;
  readonly startedAt: string;
  readonly endedAt?: string;
  readonly pid: number;
  readonly error?: string;
}

/**
 * A run's folder: runs/<run-id>/ with spec.json, env.json, status.json, events.jsonl, metrics.json
 * and stages/<id>/ (each trained stage's model). JSON files are replaced atomically; events are
 * appended one whole line per write, and a reader ignores a last line without its newline.
 */
export class RunFolder {
  private constructor(
    readonly runId: string,
    readonly dir: string,
  ) {}

  /**
   * Creates runs/<run-id>/ under `root` (the id gets a suffix if taken). The folder is claimed by an exclusive
   * mkdir, so two processes starting runs in one folder at the same moment never share a run folder.
   */
  static create(root: string, baseId: string): RunFolder {
    mkdirSync(root, { recursive: true });
    for (let id = baseId; ; id = `${baseId}-${randomBytes(2).toString('hex')}`) {
      const dir = path.join(root, id);
      try {
        mkdirSync(dir);
        return new RunFolder(id, dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
    }
  }

  /** Opens an existing run folder. */
  static open(dir: string): RunFolder {
    return new RunFolder(path.basename(path.resolve(dir)), path.resolve(dir));
  }

  writeJson(name: string, value: unknown): string {
    const file = path.join(this.dir, name);
    writeJsonAtomic(file, value);
    return file;
  }

  readJson<T>(name: string): T {
    return JSON.parse(readFileSync(path.join(this.dir, name), 'utf8')) as T;
  }

  has(name: string): boolean {
    return existsSync(path.join(this.dir, name));
  }

  /** Appends one event as one line (a single write, so a kill leaves whole lines). */
  appendEvent(e: RunEvent): void {
    appendFileSync(path.join(this.dir, 'events.jsonl'), JSON.stringify(e) + '\n');
  }

  /** Reads events.jsonl, ignoring an unfinished last line. */
  events(): RunEvent[] {
    const file = path.join(this.dir, 'events.jsonl');
    if (!existsSync(file)) return [];
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n');
    if (!text.endsWith('\n')) lines.pop();
    return lines.filter((l) => l.trim()).map((l) => JSON.parse(l) as RunEvent);
  }

  /** The folder of a stage's saved model. */
  stageDir(stageId: string): string {
    return path.join(this.dir, 'stages', stageId);
  }

  /** Copies a stage's saved state (from the cache) into stages/<id>/ via a temporary folder and a rename. */
  copyStage(stageId: string, from: string): string {
    const to = this.stageDir(stageId);
    const tmp = `${to}.${randomBytes(4).toString('hex')}.tmp`;
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(from, tmp, { recursive: true, filter: (src) => !/(entry\.json|outputs\.bin)$/.test(src) });
    // A kill between these two leaves no stage folder rather than a half one.
    if (existsSync(to)) rmSync(to, { recursive: true, force: true });
    renameSync(tmp, to);
    return to;
  }
}
