import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { round } from './bench-timing';

/** One measured figure, beside its baseline from the same run when it has one. */
export interface Figure {
  /** The issue's figure group: `1. search overhead`, `2. freshness`, … */
  group: string;
  name: string;
  value: number | null;
  unit: string;
  /** What the value is compared with, measured in the same run. */
  baseline?: { name: string; value: number | null };
  /** value / baseline. */
  ratio?: number | null;
  /** The goal, in words (`≤ direct + 1 ms`), and whether this run met it (null: no verdict). */
  goal?: string;
  pass?: boolean | null;
  note?: string;
}

export interface BenchRun {
  startedAt: string;
  finishedAt?: string;
  entries: number;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  servers: 'embedded' | 'external';
  loading: string;
  figures: Figure[];
  /** Figures that could not be measured, with why. */
  failures: { group: string; error: string }[];
}

/** Every figure name the bench reports (the smoke test checks that each is present). */
export const FIGURE_NAMES = [
  'search p50, fixed rate',
  'search p95, fixed rate',
  'search p99, fixed rate',
  'search max throughput',
  'bare Node proxy p50, fixed rate',
  'bare Node proxy max throughput',
  'bare Node proxy CPU per search',
  'floor: { __typename } p50, fixed rate',
  'floor: { __typename } p50, each request from a new client address',
  'floor: { __typename } max throughput',
  'API CPU per GraphQL search',
  'API CPU per { __typename }',
  'publish → searchable p50, under search load',
  'publish → searchable p95, under search load',
  'bulk indexing through the outbox',
  'auditor page of 50 p50',
  'auditor page of 50 p95',
  'auditor page of 50 p50, against the same SQL served by a bare Node endpoint',
  'auditor page of 50 p50, against the statement measured alone',
  "auditor page of 50: the API's time before its first SQL statement (p50)",
  "auditor page of 50: the API's time with SQL in flight (p50)",
  "auditor page of 50: the API's time between its statements (p50)",
  "auditor page of 50: the API's time after its last statement (p50)",
  'auditor { __typename } p50, with the same token',
  'auditor page of 50: graphql-js alone, the same page from memory (CPU)',
  'auditor page SQL statements per request (50 entries)',
  'auditor page SQL statements per request (5 entries)',
  'city-wide compliance report p50',
  'entry page render p95',
  'ETag revalidation throughput',
  'concern filing p95, throttling on',
  'start-up, empty data folder → healthy',
  'start-up, existing data folder → healthy',
  'peak RSS: API',
  'peak RSS: indexer',
  'peak RSS: Meilisearch',
  'peak PSS: PostgreSQL',
  'full CSV export: API RSS growth',
  'full CSV export: API live heap growth',
] as const;

export function ratioOf(value: number | null, baseline: number | null): number | null {
  if (value === null || baseline === null || !baseline) return null;
  return round(value / baseline, 2);
}

/** Writes results.json and results.md into `dir`. */
export function writeResults(dir: string, run: BenchRun): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'results.json');
  const md = join(dir, 'results.md');
  writeFileSync(json, `${JSON.stringify(run, null, 2)}\n`);
  writeFileSync(md, toMarkdown(run));
  return { json, md };
}

const show = (value: number | null | undefined, unit = '') =>
  value === null || value === undefined || Number.isNaN(value)
    ? '—'
    : `${value.toLocaleString('en-GB', { maximumFractionDigits: 2 })}${unit ? ` ${unit}` : ''}`;

export function toMarkdown(run: BenchRun): string {
  const lines = [
    `# Insyn benchmark`,
    '',
    `${run.entries.toLocaleString('en-GB')} entries, ${run.servers} servers, started ${run.startedAt}, finished ${run.finishedAt ?? '—'}.`,
    `Machine: ${run.machine.cpus} × ${run.machine.cpuModel}, ${run.machine.memoryGb} GB, Node ${run.machine.node} (${run.machine.platform}).`,
    `Loading: ${run.loading}`,
    '',
    'Baselines are measured in the same run. On a shared machine the figures are noisy: compare',
    'ratios rather than absolute times.',
    '',
    '| figure | value | baseline | ratio | goal | pass |',
    '|---|---|---|---|---|---|',
  ];
  let group = '';
  for (const f of run.figures) {
    if (f.group !== group) {
      group = f.group;
      lines.push(`| **${group}** | | | | | |`);
    }
    const baseline = f.baseline ? `${show(f.baseline.value, f.unit)} (${f.baseline.name})` : '';
    const verdict = f.pass === undefined || f.pass === null ? '' : f.pass ? 'pass' : 'FAIL';
    const name = f.note ? `${f.name} — ${f.note}` : f.name;
    lines.push(
      `| ${name} | ${show(f.value, f.unit)} | ${baseline} | ${f.ratio === undefined ? '' : show(f.ratio, '×')} | ${f.goal ?? ''} | ${verdict} |`,
    );
  }
  if (run.failures.length) {
    lines.push('', '## Not measured', '');
    for (const failure of run.failures) lines.push(`- ${failure.group}: ${failure.error}`);
  }
  return `${lines.join('\n')}\n`;
}
