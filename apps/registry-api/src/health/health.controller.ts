import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthIndicatorResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { SchemaVersionWatch } from '@insyn/database';
import {
  HEALTH_CHECK_TIMEOUT_MS,
  MeilisearchHealthIndicator,
  SearchOutboxHealthIndicator,
  withDeadline,
} from '@insyn/search';

/**
 * GET /health, in terminus' shape (`status`, `info`, `error`, `details`):
 * - database down → HTTP 503, `status: "error"`: nothing works without it.
 * - the database migrated by a newer release while this process runs (`schema` down) → HTTP 503,
 *   `status: "error"`: it serves by older rules than the schema's and must be stopped (README
 *   "Upgrading"). Its in-process indexer has stopped.
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
    private readonly schemaWatch: SchemaVersionWatch,
  ) {}

  @Get()
  @HealthCheck()
  async check() {
    const [pinged, search, outbox, schema] = await Promise.all([
      this.database.pingCheck('database', { timeout: HEALTH_CHECK_TIMEOUT_MS }),
      this.search.check('search'),
      this.outbox.check(),
      this.schemaCheck(),
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
    const details: HealthIndicatorResult = { ...database, ...search, searchOutbox: outbox, schema };
    const info: HealthIndicatorResult = {};
    const error: HealthIndicatorResult = {};
    for (const [key, result] of Object.entries(details)) {
      if (result.status === 'up') info[key] = result;
      else error[key] = result;
    }
    if (database.database?.status !== 'up' || this.schemaWatch.outdated) {
      throw new ServiceUnavailableException({ status: 'error', info, error, details });
    }
    const degraded = Object.keys(error);
    return { status: degraded.length ? 'degraded' : 'ok', degraded, info, error, details };
  }

  /** Whether the schema is still this build's (the migrations' names are not said: /health is public). */
  private async schemaCheck(): Promise<{ status: 'up' | 'down'; message?: string }> {
    try {
      const newer = await withDeadline(HEALTH_CHECK_TIMEOUT_MS, () =>
        this.schemaWatch.newerMigrations(),
      );
      return newer.length
        ? {
            status: 'down',
            message:
              'the database was migrated by a newer release of Insyn: this process must be stopped',
          }
        : { status: 'up' };
    } catch {
      // The database out of reach: its own check says so (503).
      return { status: 'down', message: 'schema version unreadable' };
    }
  }
}
