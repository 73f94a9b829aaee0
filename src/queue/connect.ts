import type { RedisOptions } from 'bullmq';
import { UsageError } from '../errors/pipeline-error.js';
import type { QueueAddress } from './queue-url.js';

/**
 * ioredis options for BullMQ: commands wait through a Redis restart (no retry limit) and reconnect
 * every second at most.
 */
export function redisOptions(a: QueueAddress): RedisOptions {
  return {
    host: a.host,
    port: a.port,
    db: a.db,
    ...(a.password ? { password: a.password } : {}),
    ...(a.username ? { username: a.username } : {}),
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (times) => Math.min(times * 100, 1000),
  };
}

/** Checks that Redis answers, so a wrong address is a clear usage error (exit 2) rather than a silent wait. */
export async function checkReachable(a: QueueAddress): Promise<void> {
  const { Redis } = await import('ioredis');
  const client = new Redis({
    ...redisOptions(a),
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new UsageError(`cannot reach Redis at ${a.display}: ${(err as Error).message}`, {
      hint:
        'start Redis there (Debian: apt-get install redis-server; or run `redis-server --port ' +
        `${a.port}\`), or point --queue / $CONCERTINA_QUEUE at a running one`,
    });
  } finally {
    client.disconnect();
  }
}
