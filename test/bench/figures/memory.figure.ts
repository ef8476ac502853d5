import { get } from 'node:http';
import { BenchContext } from '../bench-context';
import { peakRssMb, rssMb } from '../bench-processes';
import { progress, round } from '../bench-timing';

const GOAL_MB = 1536;

/**
 * 7. Memory: peak RSS (VmHWM) of the API and indexer processes and of Meilisearch over the whole
 * run, the largest PSS of PostgreSQL's processes together (sampled each second), and how much
 * the API's RSS grows while it streams the full CSV export.
 */
export async function memoryFigure(
  context: BenchContext,
  servers: {
    meilisearchPid?: number;
    /** Meilisearch's largest anonymous RSS (sampled each second): RSS without the mapped index. */
    meilisearchPeakAnon: number | null;
    postgresPeakPss: number | null;
  },
): Promise<void> {
  const group = '7. memory';
  const record = (name: string, value: number | null, note?: string) =>
    context.record({
      group,
      name,
      value,
      unit: 'MB',
      note,
      goal: '≤ 1.5 GB at 100,000 entries',
      pass: value === null ? null : value <= GOAL_MB,
    });
  progress('memory: full CSV export through the API');
  const before = rssMb(context.api.pid) ?? 0;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(context.api.pid) ?? 0)), 50);
  let bytes = 0;
  const started = performance.now();
  try {
    await new Promise<void>((resolve, reject) => {
      get(`${context.api.url}/exports/entries.csv`, (res) => {
        if (res.statusCode !== 200) reject(new Error(`CSV export answered ${res.statusCode}`));
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', resolve);
        res.on('error', reject);
      }).on('error', reject);
    });
  } finally {
    clearInterval(timer);
  }
  const seconds = round((performance.now() - started) / 1000);
  record('peak RSS: API', peakRssMb(context.api.pid), 'the whole run, load generators excluded');
  record('peak RSS: indexer', peakRssMb(context.indexer.pid));
  record(
    'peak RSS: Meilisearch',
    peakRssMb(servers.meilisearchPid),
    servers.meilisearchPid
      ? `of which anonymous memory at most ${servers.meilisearchPeakAnon ?? '—'} MB (sampled each second); the rest is the index's memory-mapped files, page cache that the kernel drops under pressure`
      : 'external server: not measured',
  );
  record(
    'peak PSS: PostgreSQL',
    servers.postgresPeakPss,
    servers.postgresPeakPss === null
      ? 'external server: not measured'
      : 'all its processes, sampled each second',
  );
  context.record({
    group,
    name: 'full CSV export: API RSS growth',
    value: peak - before,
    unit: 'MB',
    note: `${round(bytes / 1024 / 1024, 1)} MB in ${seconds} s; RSS ${before} → ${peak} MB`,
    goal: 'constant memory (compare runs at 10k and 100k)',
  });
}
