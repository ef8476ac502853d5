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
      // its completion line is info, so a client cannot fill the warn level at will. A 503 is
      // the registry saying that the database or search is down, which the line that answered
      // it has said at its own level (error, warn): its completion line is warn. Other 5xx are
      // faults, logged with their stack where they happened.
      customLogLevel: (_req, res, error) =>
        res.statusCode === 503 && !error
          ? 'warn'
          : error || res.statusCode >= 500
            ? 'error'
            : 'info',
      // For a 5xx that no error came with, pino-http makes one ("failed with status code 503")
      // whose stack is its own code: no information, and a stack in the log where none belongs.
      customErrorObject: (_req, res, error, loggable: Record<string, unknown>) => {
        if (error.message !== `failed with status code ${res.statusCode}`) return loggable;
        const { err: _synthetic, ...rest } = loggable;
        return rest;
      },
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
