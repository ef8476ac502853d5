import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { SchemaVersionWatch } from '@insyn/database';
import { ErrorCode } from '@insyn/errors';
import { sendGraphQLError } from './graphql-error-response';

const MESSAGE =
  'This Insyn process runs an older release than its database, which a newer release has migrated; it answers nothing until it is replaced';

/**
 * Refuses every request but /health (which says why) once a newer release has migrated the
 * database under this process: it would answer by its older rules, showing what the newer one
 * withholds, and write what the newer one no longer expects. The check runs in the background
 * (SchemaVersionWatch: one small query at most every 2 s), never on a request's way, so a
 * database that is slow or down delays nothing here; a request is refused at most one check
 * late. Logged once, at error: an operator must stop the process (README "Upgrading").
 */
export function outdatedProcessGuard(
  watch: SchemaVersionWatch,
  log: Logger,
  isGraphqlPath: (path: string) => boolean,
) {
  let told = false;
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!watch.outdated) {
      // Its failures (the database unreachable) are other checks' to report.
      void watch.newerMigrations().catch(() => undefined);
      return next();
    }
    if (req.path === '/health') return next();
    if (!told) {
      told = true;
      log.error(
        {},
        'the database was migrated by a newer release of Insyn while this process ran: it refuses every request but /health; stop it and run the new release',
      );
    }
    res.setHeader('Retry-After', '30');
    if (isGraphqlPath(req.path))
      return sendGraphQLError(res, 503, ErrorCode.SERVICE_UNAVAILABLE, MESSAGE);
    res
      .status(503)
      .type('text/plain; charset=utf-8')
      .setHeader('Cache-Control', 'no-store')
      .send(
        `Insyn uppdateras: försök igen om en stund.\nInsyn is being upgraded: try again shortly.\n`,
      );
  };
}
