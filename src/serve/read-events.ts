import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** What a run page shows of events.jsonl: epoch ends (all), the last other events, and where the file ended. */
export interface EventDigest {
  readonly epochs: readonly Record<string, unknown>[];
  readonly recent: readonly Record<string, unknown>[];
  /** Bytes read: the live stream continues from here. */
  readonly offset: number;
  /** Lines that were not JSON (a half-written last line is not counted: it is left for later). */
  readonly malformed: number;
}

/** How many non-epoch events the run page lists. */
const RECENT = 200;

/**
 * Streams events.jsonl line by line (a run with many batches has a large file): keeps every epoch-end event and
 * the last events of every type but batch and data progress. Stops at the last newline, so that a line being written
 * is read by the live stream once whole.
 */
export async function readEventDigest(file: string): Promise<EventDigest> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return { epochs: [], recent: [], offset: 0, malformed: 0 };
  }
  const epochs: Record<string, unknown>[] = [];
  const recent: Record<string, unknown>[] = [];
  let offset = 0;
  let malformed = 0;
  const stream = createReadStream(file, { start: 0, end: Math.max(0, size - 1) });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let pending: string | undefined;
  for await (const line of lines) {
    if (pending !== undefined) consume(pending);
    pending = line;
  }
  // The last line counts only if the file ended with its newline.
  if (pending !== undefined && size > 0) {
    const { readSync, openSync, closeSync } = await import('node:fs');
    const fd = openSync(file, 'r');
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, size - 1);
    closeSync(fd);
    if (b[0] === 10) consume(pending);
  }
  return { epochs, recent, offset, malformed };

  function consume(line: string): void {
    offset += Buffer.byteLength(line) + 1;
    if (!line.trim()) return;
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(line) as Record<string, unknown>;
    } catch {
      malformed++;
      return;
    }
    if (e.type === 'epoch-end') epochs.push(e);
    if (e.type !== 'batch-progress' && e.type !== 'data-progress') {
      recent.push(e);
      if (recent.length > RECENT) recent.shift();
    }
  }
}
