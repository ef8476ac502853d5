import { execFileSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { loadConfig } from '@insyn/config';
import { EntryKind, INSYN_ENTITIES, LifecycleStage } from '@insyn/registry';
import { SearchConnection } from '@insyn/search';
import { CSV_COLUMNS, SKIPPED_LISTED } from '@insyn/standards';
import {
  createDraftEntry,
  createPublishedEntry,
  TEST_TOKEN_SECRET,
  TestDatabase,
  testServers,
} from '@insyn/testing';
import { CliContext } from '../src/cli-command';
import { COMMANDS } from '../src/commands';

describe('cli export (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let folder: string;
  let lines: string[];
  let progress: (string | null)[];
  const run = async (values: Record<string, string>, command = 'export') => {
    lines = [];
    progress = [];
    const context: CliContext = {
      config: loadConfig({
        NODE_ENV: 'test',
        INSYN_TOKEN_SECRET: TEST_TOKEN_SECRET,
        INSYN_PUBLIC_URL: 'https://insyn.example.se',
      }),
      dataSource,
      search: new SearchConnection(testServers().meiliHost, testServers().meiliMasterKey, 'cli'),
      log: pino({ level: 'silent' }),
      print: (line) => lines.push(line),
      progress: (line) => progress.push(line),
    };
    await COMMANDS.find((c) => c.name === command)!.run(values, context);
  };

  beforeAll(async () => {
    database = await TestDatabase.create('cli-export');
    dataSource = await database.dataSource(INSYN_ENTITIES);
    folder = mkdtempSync(join(tmpdir(), 'insyn-export-'));
    for (let i = 0; i < 3; i += 1)
      await createPublishedEntry(dataSource, { kind: EntryKind.ALGORITHM });
    await createPublishedEntry(dataSource, { kind: EntryKind.DATASET });
    await createPublishedEntry(dataSource, { kind: EntryKind.IOT_DEPLOYMENT, slug: 'luftmatare' });
    await createDraftEntry(dataSource, { kind: EntryKind.ALGORITHM, content: { title: 'Utkast' } });
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await dataSource?.destroy();
    await database?.drop();
  });

  it('writes the CSV of the published entries with a progress line', async () => {
    const out = join(folder, 'entries.csv');
    await run({ format: 'csv', out });
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = text.slice(1).split('\r\n').slice(0, -1);
    expect(rows[0]).toBe(CSV_COLUMNS.join(','));
    expect(rows).toHaveLength(6);
    expect(text).not.toContain('Utkast');
    expect(progress).toEqual(['entries.csv: 5 of 5 entries', null]);
    expect(lines).toEqual([`wrote entries.csv (5 entries) to ${out}`]);
  });

  it('takes the HTTP file name too, and counts only the kinds of the format', async () => {
    const out = join(folder, 'atrs.json');
    await run({ format: 'atrs.json', out });
    expect(JSON.parse(readFileSync(out, 'utf8')).records).toHaveLength(3);
    expect(progress[0]).toBe('atrs.json: 3 of 3 entries');
  });

  it('writes the sign of a published IoT deployment, and none for another entry', async () => {
    const out = join(folder, 'sign.pdf');
    await run({ slug: 'luftmatare', format: 'pdf', out }, 'sign');
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    expect(lines).toEqual([
      `wrote the PDF sign of luftmatare (QR code to https://insyn.example.se/entries/luftmatare) to ${out}`,
    ]);
    await expect(run({ slug: 'no-such', format: 'svg', out }, 'sign')).rejects.toThrow(
      'no IoT deployment in use has the slug "no-such"',
    );
    await expect(run({ slug: 'luftmatare', format: 'png', out }, 'sign')).rejects.toThrow(
      '--format must be svg or pdf',
    );
  });

  it('refuses an unknown format or a missing --out, and leaves no file behind on failure', async () => {
    await expect(run({ format: 'xml', out: join(folder, 'x') })).rejects.toThrow(
      /--format must be one of json\|csv/,
    );
    await expect(run({ format: 'json' })).rejects.toThrow(/--out is required/);
    // A folder that does not exist is named at once, before the register is read.
    const missing = join(folder, 'no-such-folder', 'entries.json');
    await expect(run({ format: 'json', out: missing })).rejects.toThrow(
      `--out: the folder ${join(folder, 'no-such-folder')} does not exist; make it first`,
    );
    expect(progress).toEqual([]);
    expect(existsSync(missing)).toBe(false);
    expect(readdirSync(folder).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('never writes through a file planted where it writes beside --out', async () => {
    // The file beside was `<out>.partial`, opened following symlinks: in a shared folder such as
    // /tmp anyone could plant that name as a link to a file of the operator's, which the export
    // then overwrote.
    const victim = join(folder, 'victim.txt');
    writeFileSync(victim, 'the operator’s file');
    const out = join(folder, 'planted.csv');
    symlinkSync(victim, `${out}.partial`);
    await run({ format: 'csv', out });
    expect(readFileSync(victim, 'utf8')).toBe('the operator’s file');
    expect(readFileSync(out, 'utf8')).toMatch(/^\uFEFFid,slug,/);
    rmSync(`${out}.partial`);
  });

  it('refuses a directory as --out before writing anything', async () => {
    const dir = join(folder, 'a-folder');
    mkdirSync(dir);
    await expect(run({ format: 'csv', out: dir })).rejects.toThrow(
      `--out: ${dir} is a directory; name a file`,
    );
    expect(progress).toEqual([]);
    expect(readdirSync(folder).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('refuses a link, a device, a pipe or "-" as --out before writing anything, replacing nothing', async () => {
    const target = join(folder, 'kept.txt');
    writeFileSync(target, 'kept');
    const link = join(folder, 'link.json');
    symlinkSync(target, link);
    const pipe = join(folder, 'a-pipe');
    execFileSync('mkfifo', [pipe]);
    for (const [out, what] of [
      [link, 'a link'],
      ['/dev/null', 'a device, a pipe or a socket'],
      [pipe, 'a device, a pipe or a socket'],
    ])
      await expect(run({ format: 'json', out })).rejects.toThrow(
        `--out: ${out} is ${what}, which the file would replace; name a regular file`,
      );
    await expect(run({ format: 'json', out: '-' })).rejects.toThrow(/--out: name a file/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('kept');
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(lstatSync(pipe).isFIFO()).toBe(true);
    // The sign is written the same way.
    await expect(run({ slug: 'luftmatare', format: 'svg', out: link }, 'sign')).rejects.toThrow(
      /is a link/,
    );
    expect(progress).toEqual([]);
    expect(readdirSync(folder).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  // Last: it adds entries the tests above do not count.
  it('the Dutch export counts every skipped entry and lists only the first ones; gaps.json names each', async () => {
    const skipped = SKIPPED_LISTED + 50;
    for (let i = 0; i < skipped; i += 1)
      await createPublishedEntry(dataSource, {
        kind: EntryKind.ALGORITHM,
        content: { lifecycle: { stage: LifecycleStage.PLANNED } },
        enqueue: false,
      });
    const out = join(folder, 'nl.json');
    await run({ format: 'nl', out });
    const doc = JSON.parse(readFileSync(out, 'utf8')) as Record<string, any>;
    expect(doc.records).toHaveLength(3);
    expect(doc.skipped).toHaveLength(SKIPPED_LISTED);
    // The first in the export's order (entry id), each with the schema's reasons.
    const ids = doc.skipped.map((s: { entryId: string }) => s.entryId);
    expect(ids).toEqual([...ids].sort());
    expect(doc.skipped[0].problems).toEqual([expect.stringMatching(/^start_date: /)]);
    expect(doc.skippedSummary).toEqual({
      entries: skipped,
      listed: SKIPPED_LISTED,
      problems: [{ problem: doc.skipped[0].problems[0], entries: skipped }],
      otherProblems: 0,
    });
    expect(progress[0]).toBe(`nl-algoritmeregister.json: ${skipped + 3} of ${skipped + 3} entries`);

    const gaps = join(folder, 'gaps.json');
    await run({ format: 'gaps', out: gaps });
    const withProblems = (
      JSON.parse(readFileSync(gaps, 'utf8')) as { entries: { standards: any }[] }
    ).entries.filter((e) => e.standards.nl?.problems.length);
    expect(withProblems).toHaveLength(skipped);
  });
});
