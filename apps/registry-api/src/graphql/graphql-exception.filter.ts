import { ArgumentsHost, Catch, ExecutionContext, NotFoundException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Request, Response } from 'express';
import { sendSiteNotFound } from '../site/http/site-plain-pages';

/**
 * Nest's default handler for resolvers and guards logs every exception at error level with its
 * stack, refusals (BAD_USER_INPUT, FORBIDDEN…) included. In GraphQL this filter hands each
 * exception on to Apollo untouched: the error formatter logs it at the level its code deserves.
 * Controllers (HTTP) keep Nest's default handling, but for an address no route has, opened by a
 * browser (`/SV/`, `/se/`): that gets the site's 404 page, in the reader's language.
 */
@Catch()
export class GraphQLExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType<string>() === 'graphql') throw exception;
    // No route matched: Nest's not-found handler passes a context without a handler.
    const unrouted =
      exception instanceof NotFoundException &&
      host.getType() === 'http' &&
      !(host as Partial<ExecutionContext>).getHandler?.();
    if (unrouted) {
      const http = host.switchToHttp();
      if (sendSiteNotFound(http.getRequest<Request>(), http.getResponse<Response>())) return;
    }
    super.catch(exception, host);
  }
}
