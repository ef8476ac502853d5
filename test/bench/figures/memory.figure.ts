import { get } from 'node:http';
import { BenchContext } from '../bench-context';
import { peakRssMb, rssMb } from '../bench-processes';
import { progress, round } from '../bench-timing';

const GOAL_MB = 1536;

const mb = (bytes: number) => bytes / 1024 / 1024;

/**
 * 7. Memory: peak RSS (VmHWM) of the API and indexer processes and of Meilisearch over the whole
 * run, the largest PSS of PostgreSQL's processes together (sampled each second), and how much
 * the API grows while it streams the full CSV export: its RSS (peak during the export against
 * before), and its live heap (heapUsed after a full collection, after the export against before).
 * RSS alone overstates what the export keeps: V8 lets the heap fill with garbage between
 * collections (the peak heapUsed, shown in the note) and keeps the pages it grew into, so RSS
 * grows with how much garbage V8 chose to let build up; the live heap shows what stays.
 */
export async function memoryFigure(
  context: BenchContext,
  servers: {
    /**
     * Embedded Meilisearch's peaks (none when external): `rss` its peak RSS from the registry's
     * work, `anon` its largest anonymous RSS then (sampled each second: RSS without the mapped
     * index), `wholeRun` its peak RSS including the bench's own baseline index.
     */
    meilisearch: { rss: number | null; anon: number | null; wholeRun: number | null } | null;
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
  const heapBefore = (await context.api.memory(true)).heapUsed;
  const before = rssMb(context.api.pid) ?? 0;
  let peak = before;
  let peakHeap = heapBefore;
  let sampling = true;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(context.api.pid) ?? 0)), 50);
  // The heap through IPC, one question at a time (each answer is a message the API sends).
  const heapSampler = (async () => {
    while (sampling) {
      peakHeap = Math.max(peakHeap, (await context.api.memory()).heapUsed);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
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
    sampling = false;
    await heapSampler;
  }
  const seconds = round((performance.now() - started) / 1000);
  const heapAfter = (await context.api.memory(true)).heapUsed;
  record('peak RSS: API', peakRssMb(context.api.pid), 'the whole run, load generators excluded');
  record('peak RSS: indexer', peakRssMb(context.indexer.pid));
  const meilisearch = servers.meilisearch;
  record(
    'peak RSS: Meilisearch',
    meilisearch?.rss ?? null,
    meilisearch
      ? `the registry's work: the bench's own second index (the bulk-indexing baseline) set apart, ${meilisearch.wholeRun ?? '—'} MB with it; ` +
          `of which anonymous memory at most ${meilisearch.anon ?? '—'} MB (sampled each second); the rest is the index's memory-mapped files, page cache that the kernel drops under pressure`
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
  context.record({
    group,
    name: 'full CSV export: API live heap growth',
    value: round(mb(heapAfter - heapBefore), 1),
    unit: 'MB',
    note: `heapUsed after a full collection ${round(mb(heapBefore), 1)} → ${round(mb(heapAfter), 1)} MB; peak heapUsed during the export ${Math.round(mb(peakHeap))} MB (garbage not yet collected)`,
    goal: 'constant memory (compare runs at 10k and 100k)',
  });
}
