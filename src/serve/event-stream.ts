import { closeSync, openSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import type { ServerResponse } from 'node:http';

/** How often a stream looks again when the file system sends no notice (and the keep-alive interval). */
const POLL_MS = 200;
const KEEPALIVE_MS = 15_000;

/** Starts a server-sent event response: no buffering, no caching, kept open. */
export function openEventStream(res: ServerResponse): (event: string, data: string, id?: string) => void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 1000\n\n');
  return (event, data, id) => {
    res.write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${data.replace(/\n/g, '\ndata: ')}\n\n`);
  };
}

/**
 * Follows a growing events.jsonl from byte `from`: each whole new line goes out as a `run-event` (its id the offset
 * after it), a line still being written waits for its newline. Notified by the file system, with a poll behind it
 * (a file that does not exist yet, a file system without notices). Returns the function that stops it.
 */
export function tailEvents(file: string, from: number, send: (event: string, data: string, id?: string) => void) {
  let offset = from;
  let watcher: FSWatcher | undefined;
  const read = () => {
    let size: number;
    try {
      size = statSync(file).size;
    } catch {
      return;
    }
    if (size < offset) offset = 0; // replaced: start over
    if (size === offset) return;
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(size - offset);
      const n = readSync(fd, buf, 0, buf.length, offset);
      const text = buf.subarray(0, n).toString('utf8');
      const end = text.lastIndexOf('\n');
      if (end < 0) return;
      let at = offset;
      for (const line of text.slice(0, end).split('\n')) {
        at += Buffer.byteLength(line) + 1;
        if (line.trim()) send('run-event', line, String(at));
      }
      offset = at;
    } finally {
      closeSync(fd);
    }
  };
  const tryWatch = () => {
    if (watcher) return;
    try {
      watcher = watch(file, { persistent: false }, read);
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
      });
    } catch {
      watcher = undefined;
    }
  };
  tryWatch();
  read();
  const poll = setInterval(() => {
    tryWatch();
    read();
  }, POLL_MS);
  return () => {
    clearInterval(poll);
    watcher?.close();
  };
}

/** Calls `onChange` whenever `signature()` changes (polled): ablations and the runs table, which span many files. */
export function watchSignature(signature: () => string, onChange: () => void, everyMs: number): () => void {
  let last = signature();
  const timer = setInterval(() => {
    const now = signature();
    if (now !== last) {
      last = now;
      onChange();
    }
  }, everyMs);
  return () => clearInterval(timer);
}

/** Sends a comment now and then so that proxies and browsers keep the stream open. */
export function keepAlive(res: ServerResponse): () => void {
  const timer = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
  return () => clearInterval(timer);
}

/**
 * Signature watches shared by key between the streams that ask for the same one (every open runs page follows
 * the same runs folder): one poll for all, stopped when the last stream closes.
 */
export class SharedWatches {
  private readonly watches = new Map<string, { listeners: Set<() => void>; stop: () => void }>();

  /** Calls `onChange` when the keyed signature changes; returns the function that stops this listener. */
  watch(key: string, signature: () => string, onChange: () => void, everyMs: number): () => void {
    let w = this.watches.get(key);
    if (!w) {
      const listeners = new Set<() => void>();
      const stop = watchSignature(signature, () => listeners.forEach((l) => l()), everyMs);
      this.watches.set(key, (w = { listeners, stop }));
    }
    const listener = () => onChange();
    w.listeners.add(listener);
    const entry = w;
    return () => {
      entry.listeners.delete(listener);
      if (entry.listeners.size === 0 && this.watches.get(key) === entry) {
        entry.stop();
        this.watches.delete(key);
      }
    };
  }

  /** Stops every watch (the server closes). */
  stopAll(): void {
    for (const w of this.watches.values()) w.stop();
    this.watches.clear();
  }
}
