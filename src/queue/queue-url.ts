import { UsageError } from '../errors/pipeline-error.js';

/** Where the trial queue lives: a Redis server and database. */
export interface QueueAddress {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  /** The URL as given, without a password. */
  readonly display: string;
  readonly password?: string;
  readonly username?: string;
}

const HINT = 'give --queue redis://host:port[/db] (or set $CONCERTINA_QUEUE), e.g. redis://127.0.0.1:6379/0';

/** The queue URL of --queue, else $CONCERTINA_QUEUE; undefined when neither is set (trials run locally). */
export function queueUrlFrom(flag: string | undefined): string | undefined {
  const v = flag ?? process.env.CONCERTINA_QUEUE;
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

/** Parses `redis://[user:password@]host:port[/db]`; a usage error (exit 2) says what is wrong. */
export function parseQueueUrl(text: string): QueueAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--queue ${JSON.stringify(text)} is not a URL`, { hint: HINT });
  }
  if (url.protocol !== 'redis:')
    throw new UsageError(`--queue ${text}: the scheme must be redis:// (got ${url.protocol}//)`, { hint: HINT });
  if (!url.hostname) throw new UsageError(`--queue ${text}: no host`, { hint: HINT });
  const port = url.port === '' ? 6379 : Number(url.port);
  const dbText = url.pathname.replace(/^\//, '');
  const db = dbText === '' ? 0 : Number(dbText);
  if (!/^\d*$/.test(dbText) || !Number.isInteger(db) || db < 0 || db > 15)
    throw new UsageError(`--queue ${text}: the database must be a number from 0 to 15 (got ${dbText})`, { hint: HINT });
  if (url.search || url.hash) throw new UsageError(`--queue ${text}: no query or fragment expected`, { hint: HINT });
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port,
    db,
    display: `redis://${url.hostname}:${port}/${db}`,
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
  };
}
