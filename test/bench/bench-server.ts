import 'reflect-metadata';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { CONCERN_ENTITIES } from '@insyn/concerns';
import { loadConfig } from '@insyn/config';
import { buildDataSourceOptions } from '@insyn/database';
import { INSYN_ENTITIES } from '@insyn/registry';
import { SearchConnection, SearchIndexer, SearchRuntime } from '@insyn/search';
import { createRegistryApi } from '../../apps/registry-api/src/bootstrap';

/**
 * The bench's API or indexer process (forked by the bench, which talks to it over IPC):
 * `node bench-server.js api|indexer`, with BENCH_DATABASE_URL, BENCH_MEILI_HOST,
 * BENCH_MEILI_KEY and BENCH_INDEX_PREFIX. The API is the real one (createRegistryApi, as
 * main.ts builds it, request logging at info level included), except that its HTTP rate limit
 * is raised so that one load generator is not refused; the concern throttle stays on. The API
 * counts the SQL statements it sends (`statements` message), for the auditor figure.
 */
type Message = { type: 'statements' } | { type: 'stop' };

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const mode = process.argv[2];
  const databaseUrl = env('BENCH_DATABASE_URL');
  const connection = new SearchConnection(
    env('BENCH_MEILI_HOST'),
    env('BENCH_MEILI_KEY'),
    env('BENCH_INDEX_PREFIX'),
  );
  const send = (message: unknown) => process.send?.(message);
  if (mode === 'api') {
    let statements = 0;
    const query = PostgresQueryRunner.prototype.query;
    PostgresQueryRunner.prototype.query = function (this: PostgresQueryRunner, ...args) {
      statements++;
      return query.apply(this, args);
    } as typeof query;
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      INSYN_TOKEN_SECRET: env('INSYN_TOKEN_SECRET'),
      INSYN_CONTACT_SECRET: env('INSYN_CONTACT_SECRET'),
      DATABASE_URL: databaseUrl,
      MEILI_HOST: connection.host,
      MEILI_MASTER_KEY: connection.masterKey,
    });
    // Request logs at info, as in production, written where nobody reads them.
    const log = pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false }));
    const app = await createRegistryApi({
      config,
      databaseUrl,
      search: connection,
      log,
      logDestination: pino.destination({ dest: '/dev/null', sync: false }),
      rateLimit: { limit: 100_000_000, failedTokenLimit: 100_000_000 },
    });
    await app.listen(0, '127.0.0.1');
    const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    process.on('message', (message: Message) => {
      if (message.type === 'statements') send({ type: 'statements', statements });
      if (message.type === 'stop') void app.close().then(() => process.exit(0));
    });
    send({ type: 'ready', url });
    return;
  }
  if (mode === 'indexer') {
    const dataSource = await new DataSource(
      buildDataSourceOptions(databaseUrl, [...INSYN_ENTITIES, ...CONCERN_ENTITIES], 4),
    ).initialize();
    const runtime = new SearchRuntime(connection, { log: pino({ level: 'warn' }) });
    const indexer = new SearchIndexer(dataSource, runtime, { listenUrl: databaseUrl });
    await indexer.start();
    process.on('message', (message: Message) => {
      if (message.type === 'stop')
        void indexer
          .stop()
          .then(() => dataSource.destroy())
          .then(() => process.exit(0));
    });
    send({ type: 'ready' });
    return;
  }
  throw new Error(`unknown mode ${mode}: api or indexer`);
}

main().catch((error: unknown) => {
  console.error('bench server failed:', error);
  process.exit(1);
});
