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

export function pinoOptions(config: InsynConfig): LoggerOptions {
  const pretty = config.NODE_ENV === 'development' && process.stdout.isTTY;
  return {
    level: config.LOG_LEVEL,
    base: { service: 'insyn' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' },
          },
        }
      : {}),
  };
}

/** A logger for code that runs before Nest (start-up, embedded servers, CLI). */
export function createLogger(config: InsynConfig, name: string): Logger {
  return pino({ ...pinoOptions(config), name });
}
