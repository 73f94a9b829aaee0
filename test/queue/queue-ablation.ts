/** Shared pieces of the queue tests: tiny specs, settings for quick recovery, report comparison. */
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PipelineSpec } from '../../src/spec/generated/pipeline-spec.js';
import { tabularSpec } from '../helpers/specs.js';
import { tempDir } from '../helpers/temp-dir.js';

/**
 * A queue of the test's own, quick retries, and (`recovery`) job locks and leases that make recovery
 * take seconds; otherwise long job locks, so that a loaded machine never makes a live worker look dead
 * (which would run a trial twice: allowed, at least once, but not what those tests count).
 */
export function quickEnv(recovery = false): NodeJS.ProcessEnv {
  return {
    CONCERTINA_QUEUE_NAME: `test-${randomBytes(4).toString('hex')}`,
    CONCERTINA_QUEUE_LOCK_MS: recovery ? '2000' : '30000',
    CONCERTINA_QUEUE_STALLED_MS: recovery ? '2000' : '30000',
    CONCERTINA_QUEUE_ATTEMPTS: '2',
    CONCERTINA_QUEUE_BACKOFF_MS: '200',
    CONCERTINA_QUEUE_POLL_MS: '300',
    CONCERTINA_LEASE_MS: '3000',
    CONCERTINA_CHECKPOINT_SECONDS: '0',
  };
}

/** Writes a tabular spec (seconds per trial) with an ablation block; returns its file. */
export function specFile(ablation: PipelineSpec['ablation'], overrides: Partial<PipelineSpec> = {}): string {
  const file = path.join(tempDir(), 'tiny.json');
  writeFileSync(file, JSON.stringify(tabularSpec({ ablation, ...overrides }), null, 2));
  return file;
}

/** The one ablation folder under an --out folder. */
export function ablationDir(out: string): string {
  const [dir, ...more] = readdirSync(out).filter((d) => d.includes('-ablation-'));
  if (!dir || more.length) throw new Error(`expected one ablation folder in ${out}`);
  return path.join(out, dir);
}

/** report.json's trials without what differs between any two runs (run folder path, durations). */
export function reportTrials(out: string): unknown[] {
  const r = JSON.parse(readFileSync(path.join(ablationDir(out), 'report.json'), 'utf8')) as {
    trials: Record<string, unknown>[];
  };
  return r.trials.map(({ runDir: _r, durationMs: _d, ...rest }) => rest);
}

/** report.md without the reproduction command and the time taken. */
export function reportText(out: string): string {
  return readFileSync(path.join(ablationDir(out), 'report.md'), 'utf8')
    .replace(/```sh\n.*\n```/, '```sh\n(command)\n```')
    .replace(/## Time[\s\S]*$/, '');
}

/** The event types of a trial's events.jsonl, in order. */
export function eventTypes(out: string, trial: string): string[] {
  return readFileSync(path.join(ablationDir(out), 'trials', trial, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; stageId: string | null })
    .filter((e) => e.type !== 'batch-progress') // timed, so they differ between any two runs
    .map((e) => `${e.type}${e.stageId ? `:${e.stageId}` : ''}`);
}

/** How many times a worker started a trial. */
export function starts(output: string, trial?: string): number {
  return [...output.matchAll(/trial (\S+) \(.*\) started/g)].filter((m) => !trial || m[1] === trial).length;
}
