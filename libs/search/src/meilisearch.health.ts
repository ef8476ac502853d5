import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { SearchConnection } from './search-connection';
import { HEALTH_CHECK_TIMEOUT_MS } from './search-outbox.health';

/**
 * Whether Meilisearch answers the registry: its `/version`, asked with the master key, with a
 * short timeout so /health answers quickly when it is down. (Its `/health` needs no key, so a
 * wrong MEILI_MASTER_KEY, with which every search fails, looked healthy there.)
 */
@Injectable()
export class MeilisearchHealthIndicator {
  constructor(
    private readonly connection: SearchConnection,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'search') {
    const indicator = this.health.check(key);
    const status = await probe(
      `${this.connection.host}/version`,
      this.connection.masterKey,
      HEALTH_CHECK_TIMEOUT_MS,
    );
    if (status === 200) return indicator.up();
    return indicator.down({
      message:
        status === 401 || status === 403
          ? `HTTP ${status}: Meilisearch refuses the key (MEILI_MASTER_KEY)`
          : status
            ? `HTTP ${status}`
            : 'unreachable',
    });
  }
}

function probe(url: string, key: string, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const send = url.startsWith('https:') ? httpsRequest : request;
    const headers = key ? { authorization: `Bearer ${key}` } : {};
    const req = send(url, { timeout: timeoutMs, headers }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
