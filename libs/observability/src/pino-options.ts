import pino, { Logger, LoggerOptions } from 'pino';
import { InsynConfig } from '@insyn/config';

/** Paths whose values never reach a log line, whatever object carries them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'authorization',
  'password',
  'token',
  'masterKey',
  'apiKey',
  'databaseUrl',
  'migrationUrl',
  'adminUrl',
  'contactEmail',
  'email',
  'trackingCode',
  'erasureCode',
  'variables',
  '*.contactEmail',
  '*.email',
  '*.trackingCode',
  '*.erasureCode',
  '*.variables',
  '*.*.contactEmail',
  '*.authorization',
  '*.password',
  '*.token',
  '*.masterKey',
  '*.apiKey',
];

export function pinoOptions(
  config: InsynConfig,
  to: 'stdout' | 'stderr' = 'stdout',
): LoggerOptions {
  const pretty =
    config.NODE_ENV === 'development' && (to === 'stdout' ? process.stdout : process.stderr).isTTY;
  return {
    level: config.LOG_LEVEL,
    base: { service: 'insyn' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: {
              singleLine: true,
              translateTime: 'SYS:HH:MM:ss.l',
              destination: to === 'stdout' ? 1 : 2,
            },
          },
        }
      : {}),
  };
}

/**
 * A logger for code that runs before Nest (start-up, embedded servers, CLI). The CLI's goes to
 * standard error (`to`), so that what a command prints (a report, a token) is all its output.
 */
export function createLogger(
  config: InsynConfig,
  name: string,
  to: 'stdout' | 'stderr' = 'stdout',
): Logger {
  const options = { ...pinoOptions(config, to), name };
  // A transport (pretty output) writes where its options say; otherwise standard output unless
  // told otherwise.
  if (options.transport || to === 'stdout') return pino(options);
  return pino(options, pino.destination(2));
}
