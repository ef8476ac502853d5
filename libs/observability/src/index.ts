export * from './logging.module';
export * from './pino-options';
export * from './daily-check';
