import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { loadConfig } from '@insyn/config';
import { EntryKind, INSYN_ENTITIES } from '@insyn/registry';
import { SearchConnection } from '@insyn/search';
import {
  createDraftEntry,
  createPublishedEntry,
  ensureDepartment,
  TEST_TOKEN_SECRET,
  TestDatabase,
  testServers,
} from '@insyn/testing';
import { CliContext } from '../src/cli-command';
import { COMMANDS } from '../src/commands';

const FORMULA = '=HYPERLINK("http://evil.example","Klicka")';

describe('cli report (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let folder: string;
  let lines: string[];
  let progress: (string | null)[];
  /** Both, in the order they came. */
  let events: string[];
  const run = async (values: Record<string, string>) => {
    lines = [];
    progress = [];
    events = [];
    const context: CliContext = {
      config: loadConfig({ NODE_ENV: 'test', INSYN_TOKEN_SECRET: TEST_TOKEN_SECRET }),
      dataSource,
      search: new SearchConnection(testServers().meiliHost, testServers().meiliMasterKey, 'cli'),
      log: pino({ level: 'silent' }),
      print: (line) => (lines.push(line), events.push(`print ${line}`)),
      progress: (line) => (progress.push(line), events.push(`progress ${line}`)),
    };
    await COMMANDS.find((c) => c.name === 'report')!.run(values, context);
  };

  beforeAll(async () => {
    database = await TestDatabase.create('cli-report');
    dataSource = await database.dataSource(INSYN_ENTITIES);
    folder = mkdtempSync(join(tmpdir(), 'insyn-report-'));
    await ensureDepartment(dataSource.manager, 'formel', { nameSv: FORMULA });
    for (let i = 0; i < 3; i += 1)
      await createPublishedEntry(dataSource, { kind: EntryKind.ALGORITHM });
    await createPublishedEntry(dataSource, { kind: EntryKind.DATASET, department: 'formel' });
    await createDraftEntry(dataSource, { kind: EntryKind.ALGORITHM, content: { title: 'Utkast' } });
  });
  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await dataSource?.destroy();
    await database?.drop();
  });

  /** The CSV's rows as cells (no cell of this report holds a comma or a quote but the name). */
  const value = (rows: string[], scope: string, section: string, item: string, detail = '') =>
    rows
      .find((r) => r.startsWith(`${scope},`) && r.includes(`,${section},${item},${detail},`))
      ?.split(',')
      .at(-1);

  it('writes every department and the city into a file, with a progress line per department', async () => {
    const out = join(folder, 'report.csv');
    await run({ out });
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const rows = text.slice(1).split('\r\n').slice(0, -1);
    expect(rows[0]).toBe('scope,department,section,item,detail,value');
    expect(value(rows, 'city', 'published', 'entries')).toBe('4');
    expect(value(rows, 'testforvaltningen', 'published', 'entries')).toBe('3');
    expect(value(rows, 'testforvaltningen', 'entries', 'ALGORITHM', 'DRAFT')).toBe('1');
    expect(value(rows, 'formel', 'entries', 'DATASET', 'PUBLISHED')).toBe('1');
    expect(value(rows, 'city', 'concerns', 'medianDaysToFirstResponse')).toBe('');
    expect(progress).toEqual([
      'report: department 1 of 2 (formel)',
      'report: department 2 of 2 (testforvaltningen)',
      'report: the city as a whole',
      null,
    ]);
    expect(lines).toEqual([
      expect.stringMatching(/^wrote the compliance report \(\d+ figures\) to /),
    ]);
  });

  it('writes a department name a spreadsheet would run as a formula as inert text', async () => {
    await run({ department: 'formel' });
    const named = lines.filter((l) => l.startsWith('formel,'));
    expect(named.length).toBeGreaterThan(5);
    // Quoted, and the formula defused with a leading apostrophe.
    for (const line of named)
      expect(line.startsWith(`formel,"'=HYPERLINK(""http://evil.example"",""Klicka"")",`)).toBe(
        true,
      );
    expect(lines.some((l) => l.startsWith('city,'))).toBe(false);
    expect(progress).toEqual(['report: department 1 of 1 (formel)', null]);
  });

  it('writes each department’s figures as they come, not the whole report at the end', async () => {
    await run({});
    expect(lines[0]).toBe('scope,department,section,item,detail,value');
    const at = (prefix: string) => events.findIndex((e) => e.startsWith(prefix));
    expect(at('print formel,')).toBeGreaterThan(at('progress report: department 1 of 2'));
    expect(at('print formel,')).toBeLessThan(at('progress report: department 2 of 2'));
    expect(at('print testforvaltningen,')).toBeLessThan(at('progress report: the city as a whole'));
    expect(at('print city,')).toBeGreaterThan(at('progress report: the city as a whole'));
  });

  it('reads --out - as standard output, as no --out, and makes no file called "-"', async () => {
    await run({ out: '-' });
    const written = [...lines];
    await run({});
    expect(written[0]).toBe('scope,department,section,item,detail,value');
    expect(written).toEqual(lines);
    expect(existsSync('-')).toBe(false);
    expect(readdirSync(folder).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('refuses a file it cannot write, before any work, and leaves nothing behind', async () => {
    const out = join(folder, 'no-such-folder', 'report.csv');
    await expect(run({ out })).rejects.toThrow(
      `--out: the folder ${join(folder, 'no-such-folder')} does not exist; make it first`,
    );
    expect(readdirSync(folder).filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(progress).toEqual([]);
  });

  it('refuses an unknown department and writes nothing', async () => {
    const out = join(folder, 'none.csv');
    await expect(run({ department: 'finns-inte', out })).rejects.toThrow(
      '--department: no department has the slug "finns-inte"',
    );
    expect(() => readFileSync(out)).toThrow();
  });
});
