import type { Logger } from 'pino';

/** What this log reads of an ioredis client. */
interface RedisEvents {
  on(event: 'error', listener: (error: Error & { code?: string }) => void): unknown;
  on(event: 'ready', listener: () => void): unknown;
}

export const REDIS_AWAY_MESSAGE =
  'REDIS_URL: Redis cannot be reached: until it answers, each API process counts the rate limits and throttles in its own memory, so they hold per process, not in sum across processes';
export const REDIS_BACK_MESSAGE =
  'REDIS_URL: Redis answers again: the rate limits and throttles are counted there again';

/**
 * One warn line when the rate limits' Redis becomes unreachable (or refuses this client), one info
 * line when it answers again. Without an `error` listener ioredis printed every failed reconnect
 * to stderr with a stack, outside the JSON log and naming no variable; it goes on reconnecting on
 * its own (reconnectDelayMs), and meanwhile the limiters' in-memory insurance counts.
 */
export function logRedisOutages(redis: RedisEvents, log: Logger): void {
  let away = false;
  redis.on('error', (error) => {
    if (away) return;
    away = true;
    // The code (ECONNREFUSED) or Redis's own reply (NOAUTH, WRONGPASS): never the URL.
    log.warn({ reason: error.code ?? error.message }, REDIS_AWAY_MESSAGE);
  });
  redis.on('ready', () => {
    if (!away) return;
    away = false;
    log.info(REDIS_BACK_MESSAGE);
  });
}

/**
 * ioredis's wait before its next reconnect attempt: growing from 0.2 s to at most 5 s, so an
 * outage costs a connection attempt every few seconds, and a Redis back is used again soon.
 */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(attempt * 200, 5_000);
}
