import { randomUUID } from 'node:crypto';
import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { DestinationStream } from 'pino';
import { Options } from 'pino-http';
import { InsynConfig } from '@insyn/config';
import { pinoOptions } from './pino-options';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * Query parameters whose values never reach the request log: a tracking code or token, and a
 * GraphQL GET's document and variables (which may hold either, as literals or values).
 */
const SECRET_QUERY =
  /([?&](?:code|token|trackingCode|erasureCode|access_token|query|variables|extensions)=)[^&#]*/gi;

/** The URL as logged: secret-looking query values replaced. */
export function redactQuery(url: string): string {
  return url.includes('?') ? url.replace(SECRET_QUERY, '$1[redacted]') : url;
}

/** Structured JSON logs (pretty in development) with a request id on every line of a request. */
@Module({})
export class LoggingModule {
  /** `destination`: where the lines go (default: standard output). */
  static forRoot(config: InsynConfig, destination?: DestinationStream): DynamicModule {
    const options: Options = {
      ...pinoOptions(config),
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // A client's mistake (4xx) is already said by its refusal's own line, at info or warn:
      // its completion line is info, so a client cannot fill the warn level at will.
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: { ignore: (req) => req.url === '/health' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: redactQuery(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    };
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: destination ? [options, destination] : options })],
      exports: [LoggerModule],
    };
  }
}
