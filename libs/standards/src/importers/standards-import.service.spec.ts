import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TokenActor } from '@insyn/access';
import {
  EntryContentPatch,
  EntryImportsService,
  EntryKind,
  PrinciplesService,
  publicContent,
} from '@insyn/registry';
import { fullAlgorithm, SETTINGS } from '../../test-fixtures/export-entries';
import { toAlgostd } from '../mappers/algostd.mapper';
import { toAtrs } from '../mappers/atrs.mapper';
import { toNl } from '../mappers/nl-algoritmeregister.mapper';
import { RecordReport, StandardsImportService } from './standards-import.service';
import { MAX_DUPLICATE_KEYS } from './json-scan';

describe('StandardsImportService: one record at a time', () => {
  let folder: string;
  beforeAll(() => (folder = mkdtempSync(join(tmpdir(), 'insyn-import-'))));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  /** Imports a file of `format` into `imports` (a catalogue of no principles), as department `d`. */
  const importFile = async (
    imports: EntryImportsService,
    format: string,
    path: string,
    more: { signal?: AbortSignal } = {},
  ) => {
    const principles = {
      codes: () => Promise.resolve(new Set<string>()),
    } as unknown as PrinciplesService;
    const service = new StandardsImportService(imports, principles, SETTINGS);
    const reports: RecordReport[] = [];
    const summary = await service.import(service.format(format)!, path, {
      actor: {} as TokenActor,
      department: 'd',
      onRecord: (r) => reports.push(r),
      ...more,
    });
    return { summary, reports };
  };
  const importCsv = (imports: EntryImportsService, path: string, more?: { signal?: AbortSignal }) =>
    importFile(imports, 'csv', path, more);

  /** Imports that create every record, keeping the source ids in the order they came. */
  const recording = () => {
    const seen: string[] = [];
    const imports = {
      importDraft: (_a: unknown, _d: string, record: { sourceId: string }) => {
        seen.push(record.sourceId);
        return Promise.resolve({ outcome: 'created', entryId: 'e', slug: 's', version: 1 });
      },
    } as unknown as EntryImportsService;
    return { seen, imports };
  };

  it('reads an export’s own withheld list: the notices for fields withheld along are the same withholding, dropped', async () => {
    const aiAct = { field: 'algorithm.aiActClass', legalGround: 'OSL 18:8', until: '2099-12-31' };
    // As entries.csv lists it: the AI Act class, and the fields withheld along with it.
    const listed = publicContent(
      { title: 't', withheld: [aiAct] },
      EntryKind.ALGORITHM,
      '2026-01-01',
    ).withheld!;
    expect(listed.length).toBeGreaterThan(1);
    const other = listed.map((w) =>
      w.field === 'impactAssessments.type' ? { ...w, legalGround: 'another ground' } : w,
    );
    const cell = (list: unknown) => `"${JSON.stringify(list).replace(/"/g, '""')}"`;
    const path = join(folder, 'withheld.csv');
    writeFileSync(
      path,
      `id,kind,title,withheld\n1,ALGORITHM,Ett,${cell(listed)}\n2,ALGORITHM,Två,${cell(other)}\n`,
    );
    const patches: EntryContentPatch[] = [];
    const imports = {
      importDraft: (_a: unknown, _d: string, record: { patch: EntryContentPatch }) => {
        patches.push(record.patch);
        return Promise.resolve({ outcome: 'created', entryId: 'e', slug: 's', version: 1 });
      },
    } as unknown as EntryImportsService;
    const { reports } = await importCsv(imports, path);
    expect(reports.map((r) => r.outcome)).toEqual(['created', 'created']);
    expect(patches[0].withheld).toEqual([aiAct]);
    // Another ground is another notice: it goes to the registry, which refuses it as before.
    expect(patches[1].withheld).toEqual([
      aiAct,
      { field: 'impactAssessments.type', legalGround: 'another ground', until: '2099-12-31' },
    ]);
  });

  it('an unexpected error fails its record alone, without its text, and the import goes on', async () => {
    const path = join(folder, 'three.csv');
    writeFileSync(path, 'id,kind,title\n1,ALGORITHM,Ett\n2,ALGORITHM,Två\n3,ALGORITHM,Tre\n');
    const stored: string[] = [];
    const imports = {
      importDraft: (_actor: unknown, _department: string, record: { sourceId: string }) => {
        if (record.sourceId === '2')
          return Promise.reject(
            Object.assign(new Error('unsupported Unicode escape sequence'), {
              query: 'INSERT INTO "entry_version" …',
            }),
          );
        stored.push(record.sourceId);
        return Promise.resolve({
          outcome: 'created',
          entryId: `e${record.sourceId}`,
          slug: 's',
          version: 1,
        });
      },
    } as unknown as EntryImportsService;
    const { summary, reports } = await importCsv(imports, path);
    expect(summary).toEqual({ records: 3, created: 2, updated: 0, unchanged: 0, failed: 1 });
    expect(stored).toEqual(['1', '3']);
    const failed = reports[1];
    expect(failed).toMatchObject({ index: 2, sourceId: '2', outcome: 'failed' });
    expect(failed.reasons).toEqual([
      'could not be stored: an unexpected error (logged); nothing of it was imported',
    ]);
    expect((failed.error as Error).message).toBe('unsupported Unicode escape sequence');
  });

  it('stops between records when its signal is aborted; the record the stop broke is not an unexpected error', async () => {
    const path = join(folder, 'stopped.csv');
    writeFileSync(path, 'id,kind,title\n1,ALGORITHM,Ett\n2,ALGORITHM,Två\n3,ALGORITHM,Tre\n');
    const stopping = new AbortController();
    const seen: string[] = [];
    const imports = {
      importDraft: (_a: unknown, _d: string, record: { sourceId: string }) => {
        seen.push(record.sourceId);
        if (record.sourceId === '1')
          return Promise.resolve({ outcome: 'created', entryId: 'e1', slug: 's', version: 1 });
        // Ctrl-C while record 2 is stored: the database goes away under it.
        stopping.abort();
        return Promise.reject(new Error('terminating connection due to administrator command'));
      },
    } as unknown as EntryImportsService;
    const { summary, reports } = await importCsv(imports, path, { signal: stopping.signal });
    expect(summary).toEqual({
      records: 2,
      created: 1,
      updated: 0,
      unchanged: 0,
      failed: 1,
      stopped: true,
    });
    expect(seen).toEqual(['1', '2']);
    expect(reports[1]).toMatchObject({
      index: 2,
      outcome: 'failed',
      reasons: ['the import was stopped while it was being stored'],
    });
    expect(reports[1].error).toBeUndefined();
  });

  it('refuses a record breaking the text rule before it reaches the registry, naming the field', async () => {
    const path = join(folder, 'nul.csv');
    writeFileSync(path, 'id,kind,title,purpose\n1,ALGORITHM,Ett,ok\n2,ALGORITHM,Två,a\u0000b\n');
    const { seen, imports } = recording();
    const { reports } = await importFile(imports, 'csv', path);
    expect(seen).toEqual(['1']);
    expect(reports[1].reasons).toEqual([
      'purpose: must not contain control characters other than tab and newline (U+0000 at position 2)',
    ]);
  });

  it('refuses a record nested deeper than 64 levels as a bad record, before anything walks it', async () => {
    // 10,000 nested arrays overflowed the stack of the record's fingerprint: an "unexpected error"
    // logged at error level for what is a bad file.
    const path = join(folder, 'deep.json');
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    writeFileSync(
      path,
      JSON.stringify([
        { uuid: 'a', name: 'Ett' },
        { uuid: 'b', name: 'Två' },
        { uuid: 'c', name: 'Tre' },
      ])
        .replace('"Ett"', `"Ett","extra":${deep(10_000)}`)
        .replace('"Tre"', `"Tre","extra":${deep(60)}`),
    );
    const { seen, imports } = recording();
    const { reports } = await importFile(imports, 'algostd', path);
    expect(seen).toEqual(['b', 'c']);
    expect(reports[0]).toMatchObject({ outcome: 'failed' });
    expect(reports[0].error).toBeUndefined();
    expect(reports[0].reasons).toEqual([
      '(record): nested deeper than 64 levels of lists and objects',
    ]);
  });

  it('refuses a CSV row whose JSON cell is nested deeper than 64 levels, the same way', async () => {
    // The row is flat text; the cell, parsed, overflowed the stack of the text rule.
    const path = join(folder, 'deep.csv');
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    writeFileSync(
      path,
      `id,kind,title,geographicArea.geoJson\n1,ALGORITHM,Ett,"${deep}"\n2,ALGORITHM,Två,\n`,
    );
    const { seen, imports } = recording();
    const { reports } = await importFile(imports, 'csv', path);
    expect(seen).toEqual(['2']);
    expect(reports[0]).toMatchObject({ outcome: 'failed' });
    expect(reports[0].error).toBeUndefined();
    expect(reports[0].reasons).toEqual([
      '(record): nested deeper than 64 levels of lists and objects',
    ]);
  });

  describe('files that are not UTF-8 or not JSON', () => {
    const run = async (name: string, format: string, bytes: Buffer) => {
      const path = join(folder, name);
      writeFileSync(path, bytes);
      const { seen, imports } = recording();
      const outcome = await importFile(imports, format, path).then(
        () => 'imported',
        (error: Error) => error.message,
      );
      return { outcome, seen };
    };

    it("refuses a file of one standard's records given as another's once, naming the format it looks like", async () => {
      const entry = fullAlgorithm({});
      const files: Record<string, unknown> = {
        algostd: { ...toAlgostd(entry, SETTINGS).values, uuid: 'a' },
        nl: { ...toNl(entry, SETTINGS).record, source_id: 'b' },
        atrs: { ...toAtrs(entry, SETTINGS).record, id: 'c' },
      };
      const names = { algostd: 'AlgoSTD', nl: 'Dutch algorithm register', atrs: 'ATRS' };
      for (const [given, record] of Object.entries(files))
        for (const asked of Object.keys(files).filter((f) => f !== given)) {
          const { outcome, seen } = await run(
            `${given}-as-${asked}.json`,
            asked,
            Buffer.from(JSON.stringify([record, record])),
          );
          expect({ given, asked, outcome }).toEqual({
            given,
            asked,
            outcome: expect.stringMatching(
              new RegExp(
                `^the file looks like ${names[given as keyof typeof names]} records, not ${names[asked as keyof typeof names]} ones \\(its records have "[^"]+".*\\): import it with --format ${given}$`,
              ),
            ),
          });
          expect(seen).toEqual([]);
        }
      // Each as itself, and a record of keys no standard knows, are read as before.
      for (const [format, record] of Object.entries(files))
        expect(
          (await run(`${format}.json`, format, Buffer.from(JSON.stringify([record])))).outcome,
        ).toBe('imported');
      expect((await run('unknown.json', 'nl', Buffer.from('[{"what": 1}]'))).outcome).toBe(
        'imported',
      );
    });

    it('refuses a Latin-1 CSV before importing any row (it went in with U+FFFD for å, ä, ö)', async () => {
      const bytes = Buffer.concat([
        Buffer.from('id,kind,title\r\n1,ALGORITHM,Ett\r\n2,ALGORITHM,R'),
        Buffer.from([0xe4]),
        Buffer.from('kna\r\n'),
      ]);
      expect(await run('latin1.csv', 'csv', bytes)).toEqual({
        outcome: 'the file is not UTF-8 text (line 3, byte 46); save it as UTF-8',
        seen: [],
      });
    });

    it('refuses a Latin-1 JSON file the same way', async () => {
      const bytes = Buffer.concat([
        Buffer.from('[{"uuid":"a","name":"R'),
        Buffer.from([0xe4]),
        Buffer.from('kna"}]'),
      ]);
      expect(await run('latin1.json', 'algostd', bytes)).toEqual({
        outcome: 'the file is not UTF-8 text (line 1, byte 23); save it as UTF-8',
        seen: [],
      });
    });

    it('says where a file is not JSON without quoting what it holds', async () => {
      const { outcome } = await run(
        'secret.json',
        'algostd',
        Buffer.from('root:secret-hash:20000:0:99999:7:::\n'),
      );
      expect(outcome).toBe('the file is not JSON: "r" where a value should be at line 1, column 1');
      expect(outcome).not.toContain('root');
      expect(outcome).not.toContain('secret');
    });

    it('says at which line and column a file stops being JSON, for every kind of error', async () => {
      for (const [text, says] of [
        [
          '[\n  {"uuid": "a",\n   "name": tru}\n]',
          '"t" where a value should be at line 3, column 12',
        ],
        [
          '[{"uuid": "a"},\n {"uuid": "b",}]',
          '"}" where a key in double quotes should be at line 2, column 15',
        ],
        ['[{"uuid": "a"}', 'the end of the file where "," or "]" should be at line 1, column 15'],
        ['{"uuid": "a"}}', '"}" after the end of the JSON value at line 1, column 14'],
      ])
        expect(await run('broken.json', 'algostd', Buffer.from(text))).toEqual({
          outcome: `the file is not JSON: ${says}`,
          seen: [],
        });
    });

    it('says a CSV given as JSON looks like Insyn’s open-data CSV, once for the file', async () => {
      expect(
        await run(
          'entries.csv',
          'nl',
          Buffer.from('\uFEFFid,slug,kind,title\r\n1,a,ALGORITHM,A\r\n'),
        ),
      ).toEqual({
        outcome:
          'the file is not JSON: "i" where a value should be at line 1, column 1. It looks like Insyn’s open-data CSV (its first line names the id and kind columns): import it with --format csv',
        seen: [],
      });
    });

    it('refuses JSON that holds no record (a number, null, a text), saying what it holds', async () => {
      for (const [text, holds] of [
        ['42', 'a number'],
        ['null', 'null'],
        ['"hello"', 'a string'],
      ])
        expect(await run('none.json', 'algostd', Buffer.from(text))).toEqual({
          outcome: `the file holds ${holds}, not records: one record (a JSON object), a list of them, or an Insyn export`,
          seen: [],
        });
    });

    it('refuses a list that holds no record at all as a whole, not item by item', async () => {
      // The probe's file held 8 million of them: 3.6 GB and minutes of failed records.
      const many = `[${Array(100_000).fill('1').join(',')}]`;
      expect(await run('numbers.json', 'algostd', Buffer.from(many))).toEqual({
        outcome:
          "the file's list holds no records (its first item is a number): one record (a JSON object), a list of them, or an Insyn export",
        seen: [],
      });
    });

    it('fails a list item that is no JSON object as such, not as a record without an id, and imports the rest', async () => {
      for (const [format, id] of [
        ['algostd', 'uuid'],
        ['atrs', 'id'],
        ['nl', 'source_id'],
      ]) {
        const path = join(folder, `items-${format}.json`);
        writeFileSync(path, JSON.stringify([42, 'text', null, [1], { [id]: 'a', name: 'Ett' }]));
        const { seen, imports } = recording();
        const { reports } = await importFile(imports, format, path);
        expect(reports.slice(0, 4).map((r) => [r.outcome, r.reasons])).toEqual(
          ['a number', 'a string', 'null', 'a list'].map((what, i) => [
            'failed',
            [`(record): item ${i + 1} of the file is ${what}, not a record (a JSON object)`],
          ]),
        );
        expect(reports[4].index).toBe(5);
        expect(reports[4].reasons.join()).not.toContain('item');
        if (format === 'algostd') expect(seen).toEqual(['a']);
      }
    });

    it('refuses a record that names a key twice, saying which and where, and imports the rest', async () => {
      const path = join(folder, 'twice.json');
      writeFileSync(
        path,
        [
          '[',
          '  {"uuid": "a", "name": "Ett", "name": "Två"},',
          '  {"uuid": "b", "name": "Tre"},',
          '  {"record": {"uuid": "c", "name": "Fyra", "contact": {"email": "x@y.se",',
          '   "e\\u006dail": "z@y.se"}}}',
          ']',
        ].join('\n'),
      );
      const { seen, imports } = recording();
      const { reports } = await importFile(imports, 'algostd', path);
      const twice = (where: string) =>
        `named twice in one object (${where}): JSON readers differ on which one counts, so say it once`;
      expect(reports.map((r) => [r.outcome, r.reasons])).toEqual([
        ['failed', [`name: ${twice('line 2, column 32; first at line 2, column 17')}`]],
        [reports[1].outcome, []],
        [
          'failed',
          [`record.contact.email: ${twice('line 5, column 4; first at line 4, column 56')}`],
        ],
      ]);
      expect(seen).toEqual(['b']);
    });

    it('refuses a file naming keys twice past the scan’s bound as a whole, before any record', async () => {
      // One name, then more repeats of it than the scan keeps.
      const keys = Array.from({ length: MAX_DUPLICATE_KEYS + 2 }, () => '"name": "x"').join(', ');
      expect(
        await run(
          'twice-many.json',
          'algostd',
          Buffer.from(`[{"uuid": "a", ${keys}}, {"uuid": "b", "name": "Två"}]`),
        ),
      ).toEqual({
        outcome: `the file names keys twice in one object more than 1,000 times; mend it and import it again`,
        seen: [],
      });
    });

    it('refuses a file whose export envelope names a key twice, before any record', async () => {
      expect(
        await run(
          'twice-envelope.json',
          'algostd',
          Buffer.from('{"records": [], "records": [{"uuid": "a", "name": "Ett"}]}'),
        ),
      ).toEqual({
        outcome: `the file's key "records" is named twice in one object (line 1, column 17; first at line 1, column 2): JSON readers differ on which one counts, so say it once`,
        seen: [],
      });
    });

    it('still reads a UTF-8 CSV with a BOM', async () => {
      const bytes = Buffer.from('\uFEFFid,kind,title\r\n1,ALGORITHM,Räkna\r\n');
      expect(await run('bom.csv', 'csv', bytes)).toEqual({ outcome: 'imported', seen: ['1'] });
    });
  });

  it('fails a record whose source id an earlier record of the file has, instead of overwriting it', async () => {
    const path = join(folder, 'dup.csv');
    writeFileSync(path, 'id,kind,title\n1,ALGORITHM,Ett\n1,ALGORITHM,Två\n2,ALGORITHM,Tre\n');
    const { seen, imports } = recording();
    const { reports } = await importFile(imports, 'csv', path);
    expect(seen).toEqual(['1', '2']);
    expect(reports[1]).toMatchObject({
      outcome: 'failed',
      reasons: ['source id: record 1 of this file has the same id; each record once'],
    });
  });

  it('refuses a source id over 200 characters as a bad record (a long one failed as a database error)', async () => {
    const path = join(folder, 'long-id.csv');
    const long = 'k'.repeat(201);
    writeFileSync(path, `id,kind,title\n${long},ALGORITHM,Ett\n${'k'.repeat(200)},ALGORITHM,Två\n`);
    const { seen, imports } = recording();
    const { reports } = await importFile(imports, 'csv', path);
    expect(seen).toEqual(['k'.repeat(200)]);
    expect(reports[0]).toMatchObject({
      outcome: 'failed',
      reasons: ['source id: must be at most 200 characters (it has 201)'],
    });
  });
});
