import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Logger } from 'pino';
import { databaseErrorCause, isDatabaseOutOfService, isPoolExhausted } from '@insyn/database';
import { ErrorCode } from '@insyn/errors';
import { SearchUnavailableError } from '@insyn/search';
import { sendGraphQLError } from './graphql-error-response';

export const FILE_LOG = Symbol('FILE_LOG');

/** How long a client should wait before asking again (a page or a file answered 503). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 30;

/**
 * A file a program fetched (an export, a sign, a feed, the map's GeoJSON) that cannot be read
 * now, the database or search being down: 503 in the API's JSON, with when to try again, never
 * cached as the file.
 */
export function sendFileUnavailable(res: Response, search: boolean): void {
  res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
  res.setHeader('Cache-Control', 'no-store');
  sendGraphQLError(
    res,
    503,
    search ? ErrorCode.SEARCH_UNAVAILABLE : ErrorCode.SERVICE_UNAVAILABLE,
    'The register cannot be read right now; try again after the number of seconds in Retry-After',
  );
}

/** Headers of the file an error answer replaces: it must not be cached or saved as the file. */
const FILE_HEADERS = ['ETag', 'Last-Modified', 'Content-Disposition', 'Content-Type'];

/**
 * Errors of the files programs fetch (exports, signs) in the shape of every other refusal of the
 * API. The database or search out of reach is 503 `SERVICE_UNAVAILABLE` with `Retry-After`, as
 * GraphQL and the site answer it, so a harvester comes back instead of recording a server fault;
 * logged at error for the database (an operator's matter) and warn for search, without a stack.
 * A refusal of the framework's (404 for an unknown file) keeps its answer; anything else is a
 * fault: 500, logged with its stack.
 */
@Catch()
export class FileExceptionFilter implements ExceptionFilter {
  constructor(@Inject(FILE_LOG) private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return; // a stream cut short has said so where it failed
    for (const header of FILE_HEADERS) res.removeHeader(header);
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      res
        .status(exception.getStatus())
        .json(
          typeof body === 'object' ? body : { statusCode: exception.getStatus(), message: body },
        );
      return;
    }
    res.setHeader('Cache-Control', 'no-store');
    const search = exception instanceof SearchUnavailableError;
    if (search || isDatabaseOutOfService(exception)) {
      const details = {
        path: req.path,
        cause: search ? 'search unavailable' : databaseErrorCause(exception),
      };
      const message = isPoolExhausted(exception)
        ? 'file unavailable: database connection pool exhausted'
        : 'file unavailable';
      if (search) this.log.warn(details, message);
      else this.log.error(details, message);
      sendFileUnavailable(res, search);
      return;
    }
    this.log.error({ err: exception, path: req.path }, 'file failed');
    res.status(500).json({ statusCode: 500, message: 'Internal server error' });
  }
}
