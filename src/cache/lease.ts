import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import os from 'node:os';
import { processAlive } from '../util/process-alive.js';

/** Who holds a lease: a host (its name, or $CONCERTINA_HOST_ID) and a process on it. */
export interface LeaseOwner {
  readonly host: string;
  readonly pid: number;
}

/** What a lease file holds. */
export interface LeaseRecord extends LeaseOwner {
  /** Tells this holder's lease from a later one of the same process. */
  readonly token: string;
  /** When the lease was taken (ISO 8601). */
  readonly since: string;
  /** When it lapses unless renewed (ISO 8601). */
  readonly expires: string;
}

export interface LeaseOptions {
  readonly owner: LeaseOwner;
  /** How long a lease lives without a heartbeat. */
  readonly ttlMs: number;
  /** Where waits and takeovers are reported. */
  readonly log: (message: string) => void;
  /** What the lease guards, for log lines (e.g. `step 3fa2c1`). */
  readonly what: string;
  /**
   * Holders known to be gone though their leases have not lapsed yet: the processes that ran earlier
   * attempts of a queue job which the queue handed to this process because their worker stopped
   * renewing the job's lock. Their leases are taken over at once instead of after their expiry.
   */
  readonly gone?: readonly LeaseOwner[];
}

/** A held lease: renewed by a heartbeat until released. */
export interface Lease {
  release(): void;
  /** Whether another process took the lease over (this one stalled past its expiry). */
  readonly lost: boolean;
}

/** This machine's identity in leases: $CONCERTINA_HOST_ID, else the host name. */
export function hostId(): string {
  return process.env.CONCERTINA_HOST_ID || os.hostname();
}

/** The default lease lifetime: $CONCERTINA_LEASE_MS, else 20 s (renewed every quarter of it). */
export function defaultLeaseMs(): number {
  const v = Number(process.env.CONCERTINA_LEASE_MS);
  return Number.isFinite(v) && v >= 200 ? v : 20_000;
}

/** How long past its expiry a lease of a live process on this host is still respected. */
const SAME_HOST_GRACE_MS = 5 * 60_000;

/** Seconds, one decimal under 10 s. */
function secs(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  return s < 10 ? `${s.toFixed(1)} s` : `${Math.round(s)} s`;
}

/** The holder of a lease file as read now, or why the file does not count as held. */
type Holder =
  | { readonly state: 'free' }
  | { readonly state: 'stale'; readonly reason: string; readonly stat: Stats }
  | { readonly state: 'held'; readonly record: LeaseRecord };

function readHolder(file: string, me: LeaseOwner, now: number, gone: readonly LeaseOwner[] = []): Holder {
  let stat: Stats;
  let text: string;
  try {
    stat = statSync(file);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { state: 'free' };
    try {
      return { state: 'stale', reason: `unreadable (${code ?? (err as Error).message})`, stat: statSync(file) };
    } catch {
      return { state: 'free' };
    }
  }
  const record = parseRecord(text);
  if (!record)
    return { state: 'stale', reason: text.trim() ? 'garbage (not a lease record)' : 'empty (0 bytes)', stat };
  const expires = Date.parse(record.expires);
  if (gone.some((g) => g.host === record.host && g.pid === record.pid))
    return {
      state: 'stale',
      reason:
        `its holder (host ${record.host}, pid ${record.pid}) ran an earlier attempt of this trial, which the ` +
        `queue took from it (its worker stopped renewing the job lock)`,
      stat,
    };
  if (record.host === me.host && record.pid !== me.pid) {
    if (!processAlive(record.pid))
      return { state: 'stale', reason: `its process ${record.pid} on this host (${me.host}) is gone`, stat };
    // A live process here whose heartbeat is late (a long synchronous computation) keeps its lease;
    // only a lease far past its expiry (the pid reused by another program) is taken over.
    if (now - expires < SAME_HOST_GRACE_MS) return { state: 'held', record };
  }
  if (expires <= now)
    return {
      state: 'stale',
      reason: `expired ${secs(now - expires)} ago (host ${record.host}, pid ${record.pid}, no heartbeat)`,
      stat,
    };
  return { state: 'held', record };
}

function parseRecord(text: string): LeaseRecord | undefined {
  try {
    const r = JSON.parse(text) as Partial<LeaseRecord> | null;
    if (
      r &&
      typeof r.host === 'string' &&
      typeof r.pid === 'number' &&
      typeof r.token === 'string' &&
      typeof r.since === 'string' &&
      Number.isFinite(Date.parse(r.expires ?? ''))
    )
      return r as LeaseRecord;
  } catch {
    /* garbage */
  }
  return undefined;
}

/** Writes a record to a temporary name next to `file` (same folder, so link and rename stay atomic). */
function writeTemp(file: string, record: LeaseRecord): string {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify(record));
  return tmp;
}

/**
 * Creates the lease file holding `record` if there is none: the record is complete before the file
 * appears (link of a written temporary file, atomic also on NFS), so a lease file is never empty.
 */
function tryCreate(file: string, record: LeaseRecord): boolean {
  const tmp = writeTemp(file, record);
  try {
    linkSync(tmp, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // NFS may report a failed link that succeeded: the temporary file then has two names.
    if (statSync(tmp).nlink === 2) return true;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Removes a stale lease file, unless another process replaced it meanwhile: it is renamed away first
 * (only one of several racing processes gets it), and put back when it is not the file judged stale.
 */
function removeStale(file: string, judged: Stats): void {
  const aside = `${file}.${randomBytes(4).toString('hex')}.stale`;
  try {
    renameSync(file, aside);
  } catch {
    return; // someone else removed it
  }
  const moved = statSync(aside);
  if (moved.ino !== judged.ino || moved.mtimeMs !== judged.mtimeMs || moved.size !== judged.size) {
    try {
      linkSync(aside, file); // a fresh lease taken meanwhile: give it back
    } catch {
      /* a third process already holds the name */
    }
  }
  unlinkSync(aside);
}

function readToken(file: string): LeaseRecord | undefined {
  try {
    return parseRecord(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Takes the lease `file`, waiting while another live holder has it (printing who and since when),
 * taking over one that expired, whose process on this host is gone, or whose file is empty or
 * unreadable. Resolves undefined without a lease when `done()` turns true while waiting (the work was
 * finished by the holder). The lease is renewed every quarter of its lifetime until released.
 */
export async function acquireLease(
  file: string,
  o: LeaseOptions,
  done: () => boolean,
  signal?: AbortSignal,
): Promise<Lease | undefined> {
  let waitingSince: number | undefined;
  let lastLog = 0;
  for (;;) {
    const now = Date.now();
    const token = randomBytes(8).toString('hex');
    const record: LeaseRecord = {
      ...o.owner,
      token,
      since: new Date(now).toISOString(),
      expires: new Date(now + o.ttlMs).toISOString(),
    };
    if (tryCreate(file, record)) {
      if (waitingSince !== undefined) o.log(`lock on ${o.what}: taken after waiting ${secs(now - waitingSince)}`);
      return heartbeat(file, record, o);
    }
    if (done()) return undefined;
    const holder = readHolder(file, o.owner, now, o.gone);
    if (holder.state === 'stale') {
      o.log(`lock on ${o.what}: the lock file is stale, ${holder.reason}; taking it over (${file})`);
      removeStale(file, holder.stat);
      continue;
    }
    if (holder.state === 'held') {
      waitingSince ??= now;
      if (now - lastLog >= 15_000) {
        lastLog = now;
        const r = holder.record;
        const left = Date.parse(r.expires) - now;
        const lease = left >= 0 ? `lease renewed until ${secs(left)} from now` : `heartbeat ${secs(-left)} late`;
        o.log(
          `lock on ${o.what}: waiting for host ${r.host} pid ${r.pid}, which has held it for ` +
            `${secs(now - Date.parse(r.since))} (${lease})`,
        );
      }
    }
    if (signal?.aborted) throw signal.reason;
    await new Promise((r) => setTimeout(r, 100 + (randomBytes(1)[0]! % 100)));
  }
}

function heartbeat(file: string, first: LeaseRecord, o: LeaseOptions): Lease {
  let lost = false;
  let released = false;
  const renew = () => {
    const current = readToken(file);
    if (current?.token !== first.token) {
      lost = true;
      clearInterval(timer);
      o.log(
        `lock on ${o.what}: this process (host ${first.host} pid ${first.pid}) lost its lease` +
          (current ? ` to host ${current.host} pid ${current.pid}` : '') +
          '; it stalled past the lease lifetime, so the step may be computed twice (the first result stored is kept)',
      );
      return;
    }
    const next = { ...first, expires: new Date(Date.now() + o.ttlMs).toISOString() };
    const tmp = writeTemp(file, next);
    try {
      renameSync(tmp, file);
    } catch {
      unlinkSync(tmp);
    }
  };
  const timer = setInterval(() => {
    try {
      renew();
    } catch {
      /* a hiccup of the shared filesystem: try again at the next beat */
    }
  }, o.ttlMs / 4);
  timer.unref();
  return {
    get lost() {
      return lost;
    },
    release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      if (readToken(file)?.token === first.token) unlinkSync(file);
    },
  };
}
