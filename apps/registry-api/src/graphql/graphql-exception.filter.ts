import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

/**
 * Nest's default handler for resolvers and guards logs every exception at error level with its
 * stack, refusals (BAD_USER_INPUT, FORBIDDEN…) included. In GraphQL this filter hands each
 * exception on to Apollo untouched: the error formatter logs it at the level its code deserves.
 * Controllers (HTTP) keep Nest's default handling.
 */
@Catch()
export class GraphQLExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType<string>() === 'graphql') throw exception;
    super.catch(exception, host);
  }
}
