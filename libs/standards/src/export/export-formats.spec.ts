import { LifecycleStage } from '@insyn/registry';
import { fullAlgorithm, SETTINGS } from '../../test-fixtures/export-entries';
import { nlSchemaProblems } from '../mappers/nl-algoritmeregister.mapper';
import { ExportEntry } from './export-entry';
import { exportFormat } from './export-formats';
import { PublishedEntriesReader } from './published-entries.reader';
import { SKIPPED_LISTED, SkippedRecords } from './skipped-records';

type Json = Record<string, any>;

const NO_START = { lifecycle: { stage: LifecycleStage.IN_USE } };

/**
 * A reader of `total` algorithms, made page by page as they are read (the test holds none of
 * them): every `validEvery`th one can be a Dutch record, the others have no start month.
 */
function generatedReader(total: number, validEvery: number): PublishedEntriesReader {
  return {
    async *pages({ pageSize = 200 }: { pageSize?: number } = {}) {
      for (let from = 0; from < total; from += pageSize) {
        const page: ExportEntry[] = [];
        for (let i = from; i < Math.min(total, from + pageSize); i++)
          page.push(fullAlgorithm(i % validEvery === 0 ? {} : NO_START));
        yield page;
      }
    },
  } as unknown as PublishedEntriesReader;
}

/** Runs an export into memory (the test's sink), returning the parsed document and each chunk's size. */
async function run(name: string, reader: PublishedEntriesReader, pageSize = 200) {
  const chunks: string[] = [];
  await exportFormat(name)!.write({
    reader,
    settings: SETTINGS,
    sink: async (chunk) => void chunks.push(chunk),
    lastModified: null,
    progress: () => undefined,
    pageSize,
  });
  return { doc: JSON.parse(chunks.join('')) as Json, chunks };
}

describe('the Dutch register export (nl-algoritmeregister.json)', () => {
  it('keeps a bounded list of skipped entries and counts every one, with their problems', async () => {
    const total = 2_500;
    const { doc, chunks } = await run('nl', generatedReader(total, 10));
    expect(doc.records).toHaveLength(total / 10);
    for (const r of doc.records.slice(0, 5)) expect(nlSchemaProblems(r.record)).toEqual([]);
    const skipped = total - total / 10;
    // The first ones in the order read, each with its reasons, and no more than the bound.
    expect(doc.skipped).toHaveLength(SKIPPED_LISTED);
    expect(doc.skipped[0]).toMatchObject({
      problems: ['start_date: must match pattern "^[0-9]{4}-[0-9]{2}$"'],
      status: 'PUBLISHED',
    });
    expect(doc.skippedSummary).toEqual({
      entries: skipped,
      listed: SKIPPED_LISTED,
      problems: [
        { problem: 'start_date: must match pattern "^[0-9]{4}-[0-9]{2}$"', entries: skipped },
      ],
      otherProblems: 0,
    });
    // The tail (written after the last record) does not grow with the register.
    expect(chunks.at(-1)!.length).toBeLessThan(100_000);
  });

  it('lists every skipped entry when they are fewer than the bound', async () => {
    const { doc } = await run('nl', generatedReader(30, 3), 7);
    expect(doc.records).toHaveLength(10);
    expect(doc.skipped).toHaveLength(20);
    expect(doc.skippedSummary).toMatchObject({ entries: 20, listed: 20, otherProblems: 0 });
  });

  it('says so when nothing is skipped', async () => {
    const { doc } = await run('nl', generatedReader(4, 1));
    expect(doc.skipped).toEqual([]);
    expect(doc.skippedSummary).toEqual({ entries: 0, listed: 0, problems: [], otherProblems: 0 });
  });
});

describe('SkippedRecords', () => {
  it('counts every record but keeps the first ones and a bounded tally of problems', () => {
    const skipped = new SkippedRecords<number>(3, 2);
    for (let i = 0; i < 10_000; i++) skipped.add(i, [`p${i % 5}`, `p${i % 5}`, 'common']);
    const { skipped: first, skippedSummary } = skipped.tail();
    expect(first).toEqual([0, 1, 2]);
    expect(skippedSummary).toEqual({
      entries: 10_000,
      listed: 3,
      // 'p0' and 'common' came first; the others are counted together (once per record).
      problems: [
        { problem: 'common', entries: 10_000 },
        { problem: 'p0', entries: 2_000 },
      ],
      otherProblems: 8_000,
    });
  });
});
