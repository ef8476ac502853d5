import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { Session } from 'node:inspector';
import { dirname } from 'node:path';
import { Client, Pool } from 'pg';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { CONCERN_ENTITIES } from '@insyn/concerns';
import { loadConfig } from '@insyn/config';
import { buildDataSourceOptions } from '@insyn/database';
import { INSYN_ENTITIES } from '@insyn/registry';
import {
  createNodeHttpTransport,
  SearchConnection,
  SearchIndexer,
  SearchRuntime,
} from '@insyn/search';
import { createRegistryApi } from '../../apps/registry-api/src/bootstrap';
import type { RequestTimeline } from './bench-processes';

/**
 * The bench's API or indexer process (forked by the bench, which talks to it over IPC):
 * `node bench-server.js api|indexer`, with BENCH_DATABASE_URL, BENCH_MEILI_HOST,
 * BENCH_MEILI_KEY and BENCH_INDEX_PREFIX. The API is the real one (createRegistryApi, as
 * main.ts builds it, request logging at info level included), except that its HTTP rate limit
 * is raised so that one load generator is not refused; the concern throttle stays on. The API
 * counts the SQL statements it sends (`statements` message) and records when each request's were
 * in flight (`timelines`, TimelineRecorder), for the auditor figure, and tells
 * its `process.memoryUsage()` (`memory` message; with `collect`, after a full garbage collection
 * when node runs with --expose-gc), for the memory figure.
 *
 * `node bench-server.js proxy` (BENCH_MEILI_HOST, BENCH_MEILI_KEY, BENCH_PROXY_INDEX): the least
 * any API in Node adds to a search, as a baseline for the search figure. A bare node:http server
 * that parses the client's JSON, sends it to the index's search through the API's own pooled
 * transport, and writes the parsed answer back as JSON: no framework, no GraphQL, no logging.
 *
 * `node bench-server.js sql` (BENCH_DATABASE_URL): the same for the auditor figure, a bare
 * node:http server that runs the statement a client sends and answers its rows as JSON.
 */
type Message =
  | { type: 'statements' }
  | { type: 'timelines'; action: 'start' | 'stop' }
  | { type: 'memory'; collect: boolean }
  | { type: 'stop' }
  | { type: 'profile'; action: 'start' }
  | { type: 'profile'; action: 'stop'; file: string };

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};

async function main(): Promise<void> {
  const mode = process.argv[2];
  const send = (message: unknown) => process.send?.(message);
  if (mode === 'proxy') {
    const transport = createNodeHttpTransport();
    const searchUrl = `${env('BENCH_MEILI_HOST')}/indexes/${env('BENCH_PROXY_INDEX')}/search`;
    const multiSearchUrl = `${env('BENCH_MEILI_HOST')}/multi-search`;
    const headers = {
      authorization: `Bearer ${env('BENCH_MEILI_KEY')}`,
      'content-type': 'application/json',
    };
    await serveBare(
      (body) => {
        const search = JSON.parse(body) as Record<string, unknown>;
        // A search whose facet counts need searches of their own is a multi-search, as the API's.
        return transport.request('queries' in search ? multiSearchUrl : searchUrl, {
          method: 'POST',
          headers,
          body: JSON.stringify(search),
        });
      },
      502,
      () => transport.destroy(),
    );
    return;
  }
  if (mode === 'sql') {
    // The least an endpoint serving a hand-written statement can be: node:http, a pg pool, the
    // rows as JSON. No authentication, no visibility policy, no validation, no logging.
    const pool = new Pool({ connectionString: env('BENCH_DATABASE_URL'), max: 4 });
    await serveBare(
      async (body) => {
        const { sql, values } = JSON.parse(body) as { sql: string; values: unknown[] };
        return { data: (await pool.query(sql, values)).rows };
      },
      500,
      () => pool.end(),
    );
    return;
  }
  const databaseUrl = env('BENCH_DATABASE_URL');
  const connection = new SearchConnection(
    env('BENCH_MEILI_HOST'),
    env('BENCH_MEILI_KEY'),
    env('BENCH_INDEX_PREFIX'),
  );
  if (mode === 'api') {
    let statements = 0;
    const recorder = new TimelineRecorder();
    // At pg's Client, so that every statement counts: TypeORM's, and those the rate limit's
    // store sends through the pool itself (which TypeORM's query runner never sees).
    const client = Client.prototype as unknown as { query: PgQuery };
    const query = client.query;
    client.query = function (this: unknown, ...args: unknown[]) {
      statements++;
      return recorder.statement(() => query.apply(this, args), args);
    };
    const config = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      INSYN_TOKEN_SECRET: env('INSYN_TOKEN_SECRET'),
      INSYN_CONTACT_SECRET: env('INSYN_CONTACT_SECRET'),
      INSYN_PUBLIC_URL: 'https://insyn.stad.example.se',
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
    recorder.install(app.getHttpServer() as Server);
    const profiler = new Session();
    process.on('message', (message: Message) => {
      if (message.type === 'profile') void profile(profiler, message).then(() => send(message));
      if (message.type === 'statements') send({ type: 'statements', statements });
      if (message.type === 'timelines') {
        if (message.action === 'start') recorder.start();
        send({ type: 'timelines', timelines: message.action === 'stop' ? recorder.stop() : [] });
      }
      if (message.type === 'memory') send({ type: 'memory', usage: memoryUsage(message.collect) });
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
  throw new Error(`unknown mode ${mode}: api, indexer or proxy`);
}

/** A CPU profile of one stretch of the API's work (the search and auditor figures', with BENCH_PROFILE_DIR). */
async function profile(session: Session, message: Message & { type: 'profile' }): Promise<void> {
  const post = <T>(method: string): Promise<T> =>
    new Promise((resolve, reject) =>
      session.post(method, (error, result) => (error ? reject(error) : resolve(result as T))),
    );
  if (message.action === 'start') {
    session.connect();
    await post('Profiler.enable');
    await post('Profiler.start');
    return;
  }
  const { profile } = await post<{ profile: object }>('Profiler.stop');
  mkdirSync(dirname(message.file), { recursive: true });
  writeFileSync(message.file, JSON.stringify(profile));
  session.disconnect();
}

/**
 * When each of a request's SQL statements was in flight, and when its answer was sent (ms from
 * its arrival), for the requests between `start` and `stop`: what the auditor figure splits a
 * page's time by. A request's statements are known by the async context the request's
 * arrival enters (AsyncLocalStorage), which Express, Apollo and Nest carry to its resolvers.
 */
class TimelineRecorder {
  private readonly current = new AsyncLocalStorage<RequestTimeline & { arrived: bigint }>();
  private recorded: RequestTimeline[] | undefined;

  install(server: Server): void {
    // Before Express's own listener, in the same turn: the context entered here is its context.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => {
      const recorded = this.recorded;
      if (!recorded) return;
      const timeline = { arrived: process.hrtime.bigint(), statements: [], finished: NaN };
      this.current.enterWith(timeline);
      res.once('finish', () => {
        timeline.finished = msSince(timeline.arrived);
        recorded.push({ statements: timeline.statements, finished: timeline.finished });
      });
    });
  }

  /**
   * Times a statement of pg's `Client.query(…args)`, which answers by the callback given last,
   * or else by the promise it returns.
   */
  statement(send: () => unknown, args: unknown[]): unknown {
    const timeline = this.recorded && this.current.getStore();
    if (!timeline) return send();
    const interval: [number, number] = [msSince(timeline.arrived), NaN];
    timeline.statements.push(interval);
    const ended = () => void (interval[1] = msSince(timeline.arrived));
    const last = args.length - 1;
    const callback = args[last];
    if (typeof callback === 'function')
      args[last] = (...answer: unknown[]) => {
        ended();
        return (callback as (...answer: unknown[]) => unknown)(...answer);
      };
    const sent = send();
    if (typeof callback !== 'function' && sent instanceof Promise) sent.then(ended, ended);
    return sent;
  }

  start(): void {
    this.recorded = [];
  }

  stop(): RequestTimeline[] {
    const recorded = this.recorded ?? [];
    this.recorded = undefined;
    return recorded;
  }
}

/** pg's `Client.query`, whatever form it is called in. */
type PgQuery = (...args: unknown[]) => unknown;

const msSince = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** The process's memory, after a full collection if asked and node was given --expose-gc. */
function memoryUsage(collect: boolean): NodeJS.MemoryUsage {
  if (collect) (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage();
}

/**
 * A bare node:http server for a baseline: each request's body goes to `answer`, whose result is
 * written back as JSON (a failure as text with `failureStatus`). It tells the bench its address,
 * and on `stop` closes its connections, then `release`s what it holds.
 */
async function serveBare(
  answer: (body: string) => Promise<unknown>,
  failureStatus: number,
  release: () => unknown,
): Promise<void> {
  const server = createServer((req, res) => {
    void readBody(req)
      .then(answer)
      .then(
        (result) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(result));
        },
        (error: unknown) => {
          res.writeHead(failureStatus, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.on('message', (message: Message) => {
    if (message.type === 'stop') {
      server.closeAllConnections();
      server.close(() => void Promise.resolve(release()).then(() => process.exit(0)));
    }
  });
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}` });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

// The bench that forked this process is gone (it failed, or was killed): nothing will ask for a
// stop, and the servers it started are stopping, so go too rather than outlive it.
process.once('disconnect', () => process.exit(1));

main().catch((error: unknown) => {
  console.error('bench server failed:', error);
  process.exit(1);
});
