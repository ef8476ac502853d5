import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { DataSource } from 'typeorm';
import { runMigrations } from '@insyn/database';
import { RegistryApiModule, RegistryApiOptions } from './registry-api.module';

/** Creates the API application, runs pending migrations, and returns it ready to listen. */
export async function createRegistryApi(options: RegistryApiOptions): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(RegistryApiModule.forRoot(options), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(PinoNestLogger));
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const applied = await runMigrations(app.get(DataSource));
  if (applied.length) options.log.info({ migrations: applied }, 'applied database migrations');
  return app;
}
