import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { writeJsonAtomic } from '../io/atomic-write.js';
import { acquireLease, defaultLeaseMs, hostId, type LeaseOwner } from './lease.js';

/** What an entry records about itself (entry.json, written last: its presence marks the entry complete). */
export interface CacheEntryMeta {
  readonly key: string;
  readonly what: string;
  readonly createdAt: string;
  readonly parts?: unknown;
  readonly info?: Record<string, unknown>;
}

export interface CacheStats {
  hits: number;
  misses: number;
  readonly hitKeys: string[];
  readonly missKeys: string[];
}

/** How a cache takes leases. */
export interface StepCacheOptions {
  /** This process's host identity (default $CONCERTINA_HOST_ID or the host name). */
  readonly host?: string;
  /** Lease lifetime (default $CONCERTINA_LEASE_MS or 20 s). */
  readonly leaseMs?: number;
  /** Where lock waits and takeovers are reported (default stderr). */
  readonly log?: (message: string) => void;
  /** Lease holders known to be gone, whose leases are taken over at once (see LeaseOptions.gone). */
  readonly gone?: readonly LeaseOwner[];
}

/**
 * Content-addressed store of step results (datasets, features, trained stages, evaluations), one
 * folder per key. An entry is built in a temporary folder and renamed into place, so a killed process
 * never leaves a half entry that reads as valid; concurrent writers of one key keep the first.
 */
export class StepCache {
  readonly stats: CacheStats = { hits: 0, misses: 0, hitKeys: [], missKeys: [] };

  /** Who this process is in leases. */
  readonly owner: LeaseOwner;
  private readonly log: (message: string) => void;

  constructor(
    readonly root: string,
    /** Ignore existing entries (recompute and replace them). */
    readonly fresh = false,
    private readonly options: StepCacheOptions = {},
  ) {
    this.owner = { host: options.host ?? hostId(), pid: process.pid };
    this.log = options.log ?? ((m) => process.stderr.write(`concertina: ${m}\n`));
  }

  /** The folder an entry lives in. */
  dir(key: string): string {
    return path.join(this.root, key.slice(0, 2), key);
  }

  /** Where the computation of step `key` keeps its epoch checkpoints until its entry is stored. */
  checkpointDir(key: string): string {
    return path.join(this.root, 'partial', key);
  }

  /** The entry's folder if it is complete, counting a hit or a miss. */
  lookup(key: string, what = ''): string | undefined {
    const d = this.dir(key);
    if (!this.fresh && existsSync(path.join(d, 'entry.json'))) {
      this.stats.hits++;
      this.stats.hitKeys.push(`${what}:${key.slice(0, 12)}`);
      const now = new Date();
      try {
        utimesSync(path.join(d, 'entry.json'), now, now);
      } catch {
        /* read-only cache: fine */
      }
      return d;
    }
    this.stats.misses++;
    this.stats.missKeys.push(`${what}:${key.slice(0, 12)}`);
    return undefined;
  }

  /**
   * Waits until this process may compute `key`: takes a lease on it (a lock file naming host, process
   * and expiry, renewed by a heartbeat), so that parallel trials, on this host or others sharing the
   * folder, compute a shared step once while the others wait for its entry. A lease that expired, whose
   * process on this host is gone, or whose file is empty or unreadable is taken over. Returns the
   * release function.
   */
  async lock(key: string, signal?: AbortSignal): Promise<() => void> {
    const dir = path.join(this.root, 'locks');
    mkdirSync(dir, { recursive: true });
    const lease = await acquireLease(
      path.join(dir, `${key}.lock`),
      {
        owner: this.owner,
        ttlMs: this.options.leaseMs ?? defaultLeaseMs(),
        log: this.log,
        what: `step ${key.slice(0, 12)}`,
        gone: this.options.gone,
      },
      () => this.complete(key),
      signal,
    );
    return lease ? () => lease.release() : () => {};
  }

  /** Whether a complete entry exists (no hit or miss counted). */
  complete(key: string): boolean {
    return !this.fresh && existsSync(path.join(this.dir(key), 'entry.json'));
  }

  /** Builds an entry with `write` (into a temporary folder) and publishes it atomically. */
  async store(
    key: string,
    meta: Omit<CacheEntryMeta, 'key' | 'createdAt'>,
    write: (dir: string) => Promise<void>,
  ): Promise<string> {
    const tmp = path.join(this.root, 'tmp', `${key.slice(0, 12)}-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(tmp, { recursive: true });
    try {
      await write(tmp);
      writeJsonAtomic(path.join(tmp, 'entry.json'), { key, createdAt: new Date().toISOString(), ...meta });
      const final = this.dir(key);
      mkdirSync(path.dirname(final), { recursive: true });
      if (this.fresh && existsSync(final)) rmSync(final, { recursive: true, force: true });
      try {
        renameSync(tmp, final);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
        rmSync(tmp, { recursive: true, force: true }); // another worker published the same key first
      }
      return final;
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  /** Reads an entry's metadata. */
  meta(key: string): CacheEntryMeta | undefined {
    try {
      return JSON.parse(readFileSync(path.join(this.dir(key), 'entry.json'), 'utf8')) as CacheEntryMeta;
    } catch {
      return undefined;
    }
  }

  /** Lists complete entries with their size and last use. */
  entries(): { key: string; what: string; bytes: number; lastUsed: Date }[] {
    const out: { key: string; what: string; bytes: number; lastUsed: Date }[] = [];
    if (!existsSync(this.root)) return out;
    for (const shard of readdirSync(this.root)) {
      if (shard.length !== 2) continue; // tmp/, locks/
      for (const key of readdirSync(path.join(this.root, shard))) {
        const entry = path.join(this.root, shard, key, 'entry.json');
        if (!existsSync(entry)) continue;
        const meta = this.meta(key);
        out.push({
          key,
          what: meta?.what ?? '?',
          bytes: folderSize(path.join(this.root, shard, key)),
          lastUsed: statSync(entry).mtime,
        });
      }
    }
    return out;
  }

  /** Removes entries not used for `olderThanDays` (all when 0), partial temporary folders, and incomplete entries. */
  prune(olderThanDays = 0): { removed: number; freedBytes: number } {
    let removed = 0;
    let freed = 0;
    const cutoff = Date.now() - olderThanDays * 86400_000;
    for (const e of this.entries()) {
      if (e.lastUsed.getTime() <= cutoff) {
        rmSync(this.dir(e.key), { recursive: true, force: true });
        removed++;
        freed += e.bytes;
      }
    }
    // Leftovers of interrupted work: temporary entries, and training checkpoints (only when pruning everything).
    for (const sub of olderThanDays === 0 ? ['tmp', 'partial', 'locks'] : ['tmp']) {
      const dir = path.join(this.root, sub);
      if (!existsSync(dir)) continue;
      freed += folderSize(dir);
      rmSync(dir, { recursive: true, force: true });
    }
    return { removed, freedBytes: freed };
  }
}

/** Total bytes of the files under a folder. */
function folderSize(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? folderSize(p) : statSync(p).size;
  }
  return n;
}
