import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ErrorInfo, RunEvent } from '../events/run-event.js';
import type { RunSummary } from '../execute/run-pipeline.js';
import type { RunTrialMessage, WorkerMessage } from './worker-protocol.js';

/** The worker entry next to this file, in the same language (.ts under tsx, .js once built). */
function workerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  return here.replace(/worker-pool\.(ts|js)$/, (_m, ext: string) => `trial-worker.${ext}`);
}

export interface PoolCallbacks {
  onStart(trialId: string, worker: number): void;
  onEvent(trialId: string, event: RunEvent): void;
  onDone(trialId: string, summary: RunSummary): void;
  onFailed(trialId: string, error: ErrorInfo): void;
}

interface Slot {
  readonly index: number;
  child: ChildProcess;
  busy: string | undefined;
  stderr: string;
}

/**
 * Runs trials on `size` worker processes, one trial per worker at a time. A worker that dies marks
 * its trial failed with the reason (exit code or signal and the end of its stderr) and is replaced,
 * so the other trials go on.
 */
export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: RunTrialMessage[] = [];
  private finished!: () => void;
  private readonly done = new Promise<void>((r) => (this.finished = r));
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly cb: PoolCallbacks,
  ) {}

  /** Runs every trial; resolves when all have completed or failed. */
  async run(trials: readonly RunTrialMessage[]): Promise<void> {
    this.queue.push(...trials);
    if (this.queue.length === 0) return;
    for (let i = 0; i < Math.min(this.size, this.queue.length); i++) this.slots.push(this.spawn(i));
    await this.done;
  }

  /** Stops every worker (Ctrl-C). */
  close(): void {
    this.closed = true;
    for (const s of this.slots) s.child.kill('SIGTERM');
  }

  private spawn(index: number): Slot {
    const child = fork(workerEntry(), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    const slot: Slot = { index, child, busy: undefined, stderr: '' };
    child.stderr?.on('data', (d: Buffer) => {
      const text = d.toString();
      slot.stderr = (slot.stderr + text).slice(-4000);
      // waits on and takeovers of cache locks are for the user to see
      for (const line of text.split('\n')) if (line.startsWith('concertina: lock ')) process.stderr.write(`${line}\n`);
    });
    child.on('message', (m: WorkerMessage) => this.onMessage(slot, m));
    child.on('exit', (code, signal) => this.onExit(slot, code, signal));
    return slot;
  }

  private next(slot: Slot): void {
    const m = this.queue.shift();
    if (!m) {
      slot.busy = undefined;
      slot.child.disconnect();
      if (this.slots.every((s) => s.busy === undefined)) this.finished();
      return;
    }
    slot.busy = m.trialId;
    this.cb.onStart(m.trialId, slot.index);
    slot.child.send(m);
  }

  private onMessage(slot: Slot, m: WorkerMessage): void {
    switch (m.type) {
      case 'ready':
        this.next(slot);
        break;
      case 'event':
        this.cb.onEvent(m.trialId, m.event);
        break;
      case 'done':
        this.cb.onDone(m.trialId, m.summary);
        this.next(slot);
        break;
      case 'failed':
        this.cb.onFailed(m.trialId, m.error);
        this.next(slot);
        break;
    }
  }

  private onExit(slot: Slot, code: number | null, signal: NodeJS.Signals | null): void {
    const trial = slot.busy;
    if (trial === undefined || this.closed) return;
    slot.busy = undefined;
    const tail = slot.stderr.trim().split('\n').slice(-5).join('\n');
    this.cb.onFailed(trial, {
      name: 'WorkerCrashed',
      message:
        `the worker running ${trial} exited ` +
        `(${signal ? `signal ${signal}` : `code ${code}`})${tail ? `: ${tail}` : ''}`,
    });
    const replacement = this.spawn(slot.index);
    this.slots[this.slots.indexOf(slot)] = replacement;
  }
}
