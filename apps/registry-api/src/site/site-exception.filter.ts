import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Logger } from 'pino';
import { databaseErrorCause, isDatabaseOutOfService, isPoolExhausted } from '@insyn/database';
import { namesSiteFile, sendSiteNotFound } from './http/site-plain-pages';
import { sendFileUnavailable } from '../http/file-exception.filter';
import { BadInputError } from '@insyn/errors';
import { SearchUnavailableError } from '@insyn/search';
import { DEFAULT_LANGUAGE, isSiteLanguage } from './i18n/messages';
import { SiteBadRequest, SitePageNotFound } from './site-errors';
import { SiteRenderer } from './site-renderer';
import { ErrorPage } from './views/pages';

export const SITE_LOG = Symbol('SITE_LOG');

/**
 * Errors of the public pages as pages, in the reader's language: 404 for what does not exist,
 * 400 with what to fix, 503 when the database or search is down, 500 (logged) for faults.
 * Never a stack, SQL or internal message.
 */
@Catch()
export class SiteExceptionFilter implements ExceptionFilter {
  constructor(
    private readonly renderer: SiteRenderer,
    @Inject(SITE_LOG) private readonly log: Logger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    const param = (req.params as Record<string, string> | undefined)?.lang;
    // A page's name under a language the site has not (`/de/search`): an address no route has,
    // answered as those are (the plain 404 in the nearest language, or scripts' JSON).
    if (param !== undefined && !isSiteLanguage(param) && exception instanceof SitePageNotFound) {
      if (sendSiteNotFound(req, res)) return;
      res.status(404).json({
        message: `Cannot ${req.method} ${req.path}`,
        error: 'Not Found',
        statusCode: 404,
      });
      return;
    }
    const lang = isSiteLanguage(param) ? param : DEFAULT_LANGUAGE;
    const ctx = this.renderer.fallbackContext(req, lang);
    const { t } = ctx.locale;
    let status = 500;
    let title = t.errors.internalTitle;
    let message = t.errors.internal;
    let problems: string[] = [];
    let links: [string, string][] = [];
    if (
      exception instanceof SitePageNotFound ||
      (exception instanceof HttpException && exception.getStatus() === 404)
    ) {
      [status, title, message] = [404, t.errors.notFoundTitle, t.errors.notFound];
    } else if (exception instanceof SiteBadRequest) {
      [status, title, message, problems] = [400, t.errors.badRequestTitle, '', exception.problems];
      links = exception.links;
    } else if (exception instanceof BadInputError) {
      [status, title, message] = [400, t.errors.badRequestTitle, t.errors.notFound];
    } else if (isDatabaseOutOfService(exception) || exception instanceof SearchUnavailableError) {
      [status, title, message] = [503, t.errors.unavailableTitle, t.errors.unavailable];
      // Search being down is an expected refusal (its own health check tells); the database
      // being unreachable is for an operator.
      const level = exception instanceof SearchUnavailableError ? 'warn' : 'error';
      this.log[level](
        {
          path: req.path,
          cause:
            exception instanceof SearchUnavailableError
              ? 'search unavailable'
              : databaseErrorCause(exception),
        },
        isPoolExhausted(exception)
          ? 'site page unavailable: database connection pool exhausted'
          : 'site page unavailable',
      );
    } else if (
      exception instanceof HttpException &&
      exception.getStatus() >= 400 &&
      exception.getStatus() < 500
    ) {
      // A refusal of the framework's (a method, a body): its status, said plainly, never a 500.
      [status, title, message] = [exception.getStatus(), t.errors.badRequestTitle, ''];
      this.log.info({ path: req.path, status }, 'site request refused');
    } else {
      this.log.error({ err: exception, path: req.path }, 'site page failed');
    }
    if (res.headersSent) return;
    // A feed reader or map client asked for a file, not a page: the API's JSON, as for 429.
    if (status === 503 && namesSiteFile(req.path)) {
      sendFileUnavailable(res, exception instanceof SearchUnavailableError);
      return;
    }
    this.renderer.html(req, res, ErrorPage({ ctx, title, message, problems, links }), {
      status,
      cache: status === 404 ? 'page' : 'none',
    });
  }
}
