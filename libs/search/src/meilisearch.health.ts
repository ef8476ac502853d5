import { request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { SearchConnection } from './search-connection';

/** Meilisearch's own /health, with a short timeout so /health answers quickly when it is down. */
@Injectable()
export class MeilisearchHealthIndicator {
  constructor(
    private readonly connection: SearchConnection,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key = 'search') {
    const indicator = this.health.check(key);
    const status = await probe(`${this.connection.host}/health`, 1500);
    return status === 200
      ? indicator.up()
      : indicator.down({ message: status ? `HTTP ${status}` : 'unreachable' });
  }
}

function probe(url: string, timeoutMs: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const send = url.startsWith('https:') ? httpsRequest : request;
    const req = send(url, { timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', () => resolve(undefined));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}
