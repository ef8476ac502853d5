import { DataSource } from 'typeorm';
import { KeepAliveClient } from './bench-timing';
import { BenchServer, MeilisearchPeaks } from './bench-processes';
import { Figure } from './bench-results';
import { RegisterLoader } from './register-loader';

export interface BenchOptions {
  entries: number;
  /** Seconds of each fixed-rate run and of each autocannon run. */
  durationS: number;
  /** Requests per second of the fixed-rate runs. */
  rate: number;
  /** autocannon connections. */
  connections: number;
  /** Publishes timed for freshness. */
  publishes: number;
  /** Background searches per second during the freshness figure. */
  backgroundRate: number;
  /** Sequential rounds of the page-style figures (auditor page, entry page, concerns). */
  rounds: number;
  /** Where results.md and results.json go. */
  out: string;
  /** Figure groups to run (search, freshness, bulk, auditor, pages, startup, memory); all when null. */
  only: Set<string> | null;
}

export interface BenchContext {
  options: BenchOptions;
  dataSource: DataSource;
  databaseUrl: string;
  /**
   * `pid`: the embedded Meilisearch's (its CPU time is read from /proc); none when external.
   * `peaks`: its memory, with the bench's own baseline index set apart.
   */
  meili: { host: string; key: string; indexName: string; pid?: number; peaks?: MeilisearchPeaks };
  loader: RegisterLoader;
  client: KeepAliveClient;
  api: BenchServer;
  indexer: BenchServer;
  /** Published entries, and the slug of one of them (entry page). */
  published: number;
  record(figure: Figure): void;
}

/** Meilisearch's REST API with the master key, through the bench's keep-alive client. */
export async function meili<T>(
  context: Pick<BenchContext, 'client' | 'meili'>,
  path: string,
  body?: unknown,
  method?: string,
): Promise<T> {
  const answer = await context.client.send(`${context.meili.host}${path}`, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { authorization: `Bearer ${context.meili.key}` },
  });
  if (answer.status >= 300) throw new Error(`Meilisearch ${path}: ${answer.status} ${answer.body}`);
  return JSON.parse(answer.body) as T;
}

/** Waits until Meilisearch has processed a task. */
export async function waitForTask(
  context: Pick<BenchContext, 'client' | 'meili'>,
  taskUid: number,
  timeoutMs = 600_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await meili<{ status: string; error?: unknown }>(context, `/tasks/${taskUid}`);
    if (task.status === 'succeeded') return;
    if (task.status === 'failed' || task.status === 'canceled')
      throw new Error(`Meilisearch task ${taskUid} ${task.status}: ${JSON.stringify(task.error)}`);
    if (Date.now() > deadline) throw new Error(`Meilisearch task ${taskUid} still ${task.status}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
