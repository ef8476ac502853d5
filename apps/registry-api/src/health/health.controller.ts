import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import {
  HEALTH_CHECK_TIMEOUT_MS,
  MeilisearchHealthIndicator,
  SearchOutboxHealthIndicator,
} from '@insyn/search';

/**
 * GET /health, in terminus' shape (`status`, `info`, `error`, `details`):
 * - database down → HTTP 503, `status: "error"`: nothing works without it.
 * - Meilisearch down, or the search outbox lagging (oldest pending change older than a minute,
 *   or a dead-lettered document) → HTTP 200, `status: "degraded"`, the parts named in
 *   `degraded`. The registry still serves and accepts changes; `search` answers
 *   SEARCH_UNAVAILABLE meanwhile and the outbox catches up once Meilisearch is back, so a load
 *   balancer should keep the instance in service.
 * - otherwise HTTP 200, `status: "ok"`.
 * `searchOutbox` carries the lag: `pending`, `oldestPendingAgeMs`, `deadLetters`.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: TypeOrmHealthIndicator,
    private readonly search: MeilisearchHealthIndicator,
    private readonly outbox: SearchOutboxHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  async check() {
    const [pinged, search, outbox] = await Promise.all([
      this.database.pingCheck('database', { timeout: HEALTH_CHECK_TIMEOUT_MS }),
      this.search.check('search'),
      this.outbox.check(),
    ]);
    // Not PostgreSQL's own words ("permission denied for database \"insyn\"", "too many
    // connections for role …"): /health is public, and they name the database and its roles.
    // The API's log says why, with the request that met it.
    const database: HealthIndicatorResult =
      pinged.database?.status === 'up'
        ? pinged
        : {
            database: {
              status: 'down',
              message:
                'PostgreSQL did not answer, or refused the connection (the API log says why)',
            },
          };
    const details: HealthIndicatorResult = { ...database, ...search, searchOutbox: outbox };
    const info: HealthIndicatorResult = {};
    const error: HealthIndicatorResult = {};
    for (const [key, result] of Object.entries(details)) {
      if (result.status === 'up') info[key] = result;
      else error[key] = result;
    }
    if (database.database?.status !== 'up') {
      throw new ServiceUnavailableException({ status: 'error', info, error, details });
    }
    const degraded = Object.keys(error);
    return { status: degraded.length ? 'degraded' : 'ok', degraded, info, error, details };
  }
}
