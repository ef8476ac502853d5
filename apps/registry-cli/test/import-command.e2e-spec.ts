import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { AuditLog } from '@insyn/audit';
import { loadConfig } from '@insyn/config';
import { isAcceptableText } from '@insyn/errors';
import {
  EntriesRepository,
  EntriesService,
  EntryContentPatch,
  EntryKind,
  EntryVisibilityPolicy,
  EntryWorkflowService,
  INSYN_ENTITIES,
  isoDay,
  publicContent,
  RegistryClock,
  RelationType,
} from '@insyn/registry';
import { SearchConnection } from '@insyn/search';
import {
  algostdFields,
  CSV_COLUMNS,
  CSV_IDENTITY_COLUMNS,
  ExportEntry,
  nlFields,
  restoreFormula,
  StandardsSettings,
  toAlgostd,
  toCsvRow,
  toNl,
} from '@insyn/standards';
import {
  createTestTokens,
  TEST_TOKEN_SECRET,
  TestDatabase,
  TestTokens,
  testServers,
} from '@insyn/testing';
import {
  fullAlgorithmInput,
  fullDatasetInput,
  fullIotInput,
} from '../../registry-api/test/entry-fixtures';
import { CliContext } from '../src/cli-command';
import { COMMANDS } from '../src/commands';
import { operatorLabel } from '../src/operator-label';

const SETTINGS: StandardsSettings = {
  publicUrl: 'https://insyn.example.se',
  organisationName: 'Exempelstad',
};

/** One registry (its own database) the CLI runs against. */
class Registry {
  lines: string[] = [];
  private constructor(
    readonly database: TestDatabase,
    readonly dataSource: DataSource,
    readonly tokens: TestTokens,
  ) {}

  static async create(label: string): Promise<Registry> {
    const database = await TestDatabase.create(label);
    const dataSource = await database.dataSource(INSYN_ENTITIES);
    return new Registry(database, dataSource, await createTestTokens(dataSource));
  }

  async run(name: string, values: Record<string, unknown>): Promise<string[]> {
    this.lines = [];
    const context: CliContext = {
      config: loadConfig({
        NODE_ENV: 'test',
        INSYN_TOKEN_SECRET: TEST_TOKEN_SECRET,
        INSYN_PUBLIC_URL: SETTINGS.publicUrl,
        INSYN_ORGANISATION_NAME: SETTINGS.organisationName,
      }),
      dataSource: this.dataSource,
      search: new SearchConnection(testServers().meiliHost, testServers().meiliMasterKey, 'cli'),
      log: pino({ level: 'silent' }),
      print: (line) => this.lines.push(line),
      progress: () => undefined,
    };
    await COMMANDS.find((c) => c.name === name)!.run(values as never, context);
    return this.lines;
  }

  /** What `import` does as editor A of department A. */
  import(format: string, file: string) {
    return this.run('import', {
      format,
      _: [file],
      department: 'department-a',
      'token-label': 'test editorA',
    });
  }

  services() {
    const audit = new AuditLog();
    const clock = new RegistryClock();
    const entries = new EntriesRepository(this.dataSource, new EntryVisibilityPolicy(clock));
    return {
      entries,
      service: new EntriesService(this.dataSource, entries, audit, clock),
      workflow: new EntryWorkflowService(this.dataSource, entries, audit, clock),
    };
  }

  /** The drafts of department A as its staff see them, as export entries (for the mappers). */
  async drafts(): Promise<Map<string, ExportEntry>> {
    const rows: { entry_id: string; source_id: string }[] = await this.dataSource.query(
      `SELECT entry_id, source_id FROM entry_source`,
    );
    const { entries } = this.services();
    const out = new Map<string, ExportEntry>();
    for (const row of rows) {
      const view = (await entries.findOne(this.tokens.actors.admin, { id: row.entry_id }))!;
      out.set(row.source_id, {
        id: row.source_id,
        slug: 'x',
        kind: view.entry.kind,
        url: 'x',
        status: 'PUBLISHED',
        version: 1,
        department: { slug: 'x', nameSv: 'x', nameEn: 'x' },
        firstPublishedAt: null,
        publishedAt: null,
        retiredAt: null,
        retirementReason: null,
        changeNote: null,
        // As an export would show it: projected in catalogue order.
        content: publicContent(view.content, view.entry.kind, isoDay(new Date())),
        relations: [],
      });
    }
    return out;
  }

  async close() {
    await this.dataSource.destroy();
    await this.database.drop();
  }
}

type Json = Record<string, any>;

describe('cli import (real PostgreSQL)', () => {
  let source: Registry;
  let target: Registry;
  let folder: string;
  const file = (name: string, content: unknown) => {
    const path = join(folder, name);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    return path;
  };

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'insyn-import-'));
    source = await Registry.create('import-source');
    target = await Registry.create('import-target');
    const { service, workflow } = source.services();
    const { editorA, reviewer } = source.tokens.actors;
    const publish = async (kind: EntryKind, content: Json) => {
      const view = await service.register(
        editorA,
        kind,
        'department-a',
        content as EntryContentPatch,
      );
      await workflow.submit(editorA, view.entry.id);
      await workflow.publish(reviewer, view.entry.id, 'first');
    };
    await publish(EntryKind.ALGORITHM, fullAlgorithmInput('Risk triage för försörjningsstöd'));
    await publish(EntryKind.ALGORITHM, {
      ...fullAlgorithmInput('Parkeringsövervakning'),
      theme: 'MOBILITY_AND_TRANSPORT',
      suppliers: [],
      withheld: [{ field: 'accountability', legalGround: 'OSL 18:8' }],
      impactAssessments: [],
      noImpactAssessmentReason: 'No personal data is processed.',
      keywords: ['parkering'],
    });
    // The AI Act class withheld (its notice lists the fields withheld along with it), a FRIA,
    // legal bases whose titles hold what the exports join on.
    await publish(EntryKind.ALGORITHM, {
      ...fullAlgorithmInput('Bedömning av hemtjänstbehov'),
      withheld: [{ field: 'algorithm.aiActClass', legalGround: 'OSL 18:8', until: '2099-12-31' }],
      legalBasis: [
        { title: 'Kommunallagen (2017:725); 5 kap. 1 §', link: 'https://lagen.nu/2017:725#K5P1' },
        { title: `Socialtjänstlagen (2001:453)\n${'4 kap. 1 §; '.repeat(30)}slut` },
      ],
      impactAssessments: [
        { type: 'FRIA', date: '2024-01-01', summary: 'Rights (a; b)' },
        { type: 'DPIA', date: '2024-01-02', summary: 'Privacy' },
      ],
    });
    await publish(EntryKind.DATASET, fullDatasetInput('Ansökningar'));
    await publish(EntryKind.IOT_DEPLOYMENT, fullIotInput('Räknare Götgatan'));
  }, 120_000);

  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    await source?.close();
    await target?.close();
  });

  /** Export from the source registry, import into the target; both records side by side. */
  async function roundTrip(format: string, exportFile: string) {
    const out = join(folder, exportFile);
    await source.run('export', { format, out });
    const lines = await target.import(format, out);
    return { out, lines, drafts: await target.drafts() };
  }

  it('AlgoSTD: export → import into an empty registry → the same record for every field it imports', async () => {
    const { out, lines, drafts } = await roundTrip('algostd', 'algostd.json');
    const doc = JSON.parse(readFileSync(out, 'utf8')) as Json;
    expect(doc.records).toHaveLength(3);
    expect(lines.at(-1)).toBe('3 records: 3 created, 0 updated, 0 unchanged, 0 failed');
    expect(lines.join('\n')).toMatch(/left out: organization: describes the source register/);
    const imported = algostdFields(SETTINGS)
      .filter((f) => f.toContent)
      .map((f) => f.name);
    for (const original of doc.records) {
      const again = toAlgostd(drafts.get(original.entryId)!, SETTINGS).values;
      const withheld = new Set(original.withheld.map((w: Json) => w.field));
      for (const name of imported.filter((n) => !withheld.has(n)))
        expect({ field: name, value: again[name] }).toEqual({
          field: name,
          value: original.record[name],
        });
    }
  });

  it('the Dutch standard: the same record for every field it imports', async () => {
    await target.dataSource.query(`DELETE FROM entry`);
    const { out, lines, drafts } = await roundTrip('nl', 'nl.json');
    const doc = JSON.parse(readFileSync(out, 'utf8')) as Json;
    expect(doc.records).toHaveLength(3);
    expect(lines.at(-1)).toBe('3 records: 3 created, 0 updated, 0 unchanged, 0 failed');
    const imported = nlFields(SETTINGS)
      .filter((f) => f.toContent)
      .map((f) => f.name);
    for (const original of doc.records) {
      const again = toNl(drafts.get(original.entryId)!, SETTINGS);
      const withheld = new Set(original.withheld.map((w: Json) => w.field));
      for (const name of imported.filter((n) => !withheld.has(n)))
        expect({ field: name, value: again.record[name] }).toEqual({
          field: name,
          value: original.record[name],
        });
    }
  });

  it('CSV: every kind, the same cell in every content column', async () => {
    await target.dataSource.query(`DELETE FROM entry`);
    const { out, lines, drafts } = await roundTrip('csv', 'entries.csv');
    expect(lines.at(-1)).toBe('5 records: 5 created, 0 updated, 0 unchanged, 0 failed');
    const [header, ...rows] = parse(readFileSync(out, 'utf8'), { bom: true }) as string[][];
    expect(header).toEqual(CSV_COLUMNS);
    const content = CSV_COLUMNS.map((c, i) => [c, i] as const).filter(
      ([c]) => !(CSV_IDENTITY_COLUMNS as readonly string[]).includes(c),
    );
    for (const row of rows) {
      const again = toCsvRow(drafts.get(row[0])!);
      // The file's cells are defused against formulas ('+46 …); the import reads them back as written.
      for (const [column, i] of content)
        expect({ column, cell: again[i] }).toEqual({ column, cell: restoreFormula(row[i]) });
    }
    const phone = CSV_COLUMNS.indexOf('contact.phone');
    const withPhone = rows.filter((r) => r[phone] !== '');
    expect(withPhone.length).toBeGreaterThan(0);
    for (const row of withPhone) {
      expect(row[phone]).toBe("'+46 8 508 000 00");
      expect(toCsvRow(drafts.get(row[0])!)[phone]).toBe('+46 8 508 000 00');
    }
  });

  it('CSV: re-creates the links between the new drafts through the registry, reports those it cannot make, and does not make them twice', async () => {
    await target.dataSource.query(`DELETE FROM entry`);
    // Two links between published entries of the source, as its export shows them.
    const { service } = source.services();
    const { editorA } = source.tokens.actors;
    const idOf = async (db: Registry, title: string): Promise<string> =>
      (
        await db.dataSource.query(
          `SELECT e.id FROM entry e JOIN entry_version v ON v.id = e.current_version_id WHERE v.title = $1`,
          [title],
        )
      )[0].id;
    const parking = await idOf(source, 'Parkeringsövervakning');
    const dataset = await idOf(source, 'Ansökningar');
    const counter = await idOf(source, 'Räknare Götgatan');
    await service.link(editorA, parking, dataset, RelationType.USES_DATASET);
    await service.link(editorA, parking, counter, RelationType.FED_BY_DEPLOYMENT);
    const exported = join(folder, 'links-source.csv');
    try {
      await source.run('export', { format: 'csv', out: exported });
    } finally {
      // The other tests export the source without links.
      await service.unlink(editorA, parking, dataset, RelationType.USES_DATASET);
      await service.unlink(editorA, parking, counter, RelationType.FED_BY_DEPLOYMENT);
    }
    // An entry already in the target that the importing editor may see (a draft of department A).
    const { service: targetService, entries } = target.services();
    const existing = await targetService.register(
      target.tokens.actors.editorA,
      EntryKind.DATASET,
      'department-a',
      fullDatasetInput('Befintliga data') as EntryContentPatch,
    );
    // Beside the export's two links: one to that entry (found by its slug), one to nothing,
    // and one of the wrong kind (another algorithm of the file is no dataset).
    const text = readFileSync(exported, 'utf8');
    const [header, ...rows] = parse(text, { bom: true }) as string[][];
    const triage = rows.find(
      (r) => r[header.indexOf('title')] === 'Risk triage för försörjningsstöd',
    )!;
    const more = [
      { type: 'USES_DATASET', slug: existing.entry.slug },
      { type: 'PART_OF', slug: 'no-such-entry' },
      { type: 'USES_DATASET', slug: triage[header.indexOf('slug')] },
    ];
    const ends = text.split('}]"\r\n');
    expect(ends).toHaveLength(2); // one row has links, in its last cell
    const path = file(
      'links.csv',
      ends.join(`},${JSON.stringify(more).slice(1).replace(/"/g, '""')}"\r\n`),
    );

    const lines = await target.import('csv', path);
    expect(lines.at(-1)).toBe('5 records: 5 created, 0 updated, 0 unchanged, 0 failed');
    expect(lines.at(-2)).toBe(
      'links: 3 in place, 2 not made (see above; the drafts were imported)',
    );
    const report = lines.join('\n');
    expect(report).toMatch(
      `  link not made: PART_OF no-such-entry: no record of this file has it, and no entry "no-such-entry" that the import's token may see is in this registry`,
    );
    expect(report).toMatch(
      `  link not made: USES_DATASET ${triage[header.indexOf('slug')]}: USES_DATASET must point to a DATASET, not an ALGORITHM`,
    );
    expect(report).not.toMatch(/left out: relations/);

    // The links as the importing editor sees them: between the new drafts, and to the draft that was there.
    const draftOf = async (sourceId: string): Promise<string> =>
      (
        await target.dataSource.query(`SELECT entry_id FROM entry_source WHERE source_id = $1`, [
          sourceId,
        ])
      )[0].entry_id;
    const from = await draftOf(parking);
    const linksNow = async () => {
      const { relations, others } = await entries.relationsWithOthers(
        target.tokens.actors.editorA,
        [from],
      );
      return relations
        .filter((r) => r.fromEntryId === from)
        .map((r) => ({ type: r.type, to: r.toEntryId, seen: others.get(r.toEntryId) != null }))
        .sort((a, b) => a.type.localeCompare(b.type) || a.to.localeCompare(b.to));
    };
    const expected = [
      { type: RelationType.FED_BY_DEPLOYMENT, to: await draftOf(counter), seen: true },
      { type: RelationType.USES_DATASET, to: await draftOf(dataset), seen: true },
      { type: RelationType.USES_DATASET, to: existing.entry.id, seen: true },
    ].sort((a, b) => a.type.localeCompare(b.type) || a.to.localeCompare(b.to));
    expect(await linksNow()).toEqual(expected);
    const audited = `SELECT count(*)::int AS n FROM audit_event WHERE action = 'ENTRIES_LINKED'`;
    expect((await target.dataSource.query(audited))[0].n).toBe(3);

    // The same file again: nothing changes, no link twice, no second audit event.
    const again = await target.import('csv', path);
    expect(again.at(-1)).toBe('5 records: 0 created, 0 updated, 5 unchanged, 0 failed');
    expect(again.at(-2)).toBe(
      'links: 3 in place, 2 not made (see above; the drafts were imported)',
    );
    expect(await linksNow()).toEqual(expected);
    expect((await target.dataSource.query(audited))[0].n).toBe(3);
  });

  it('imports the good records of a mixed file, says why each bad one failed, and records who imported', async () => {
    await target.dataSource.query(`DELETE FROM entry`);
    const good = {
      uuid: 'alg-1',
      name: 'Bostadskö-matchning',
      description_short: 'Matchar sökande mot lediga lägenheter.',
      domain: 'housing, living and living environment',
      status: 'operational',
      contact_email: 'bostad@stad.example.se',
      organization: 'Exempelstad',
      type: 'predictive',
      keywords: 'bostad, kö',
    };
    const path = file('mixed.json', [
      good,
      { ...good, uuid: 'alg-2', domain: 'astrology' },
      { ...good, uuid: undefined, name: 'Utan id' },
      { ...good, uuid: 'alg-4', contact_email: 'not-an-address' },
      { ...good, uuid: 'alg-5', name: 'x'.repeat(130) },
      { ...good, uuid: 'alg-6', name: 'Justitie', domain: 'justice' },
    ]);
    await expect(target.import('algostd', path)).rejects.toThrow(
      '4 of 6 records failed (see above); the others were imported',
    );
    const out = target.lines.join('\n');
    expect(out).toContain('record 1 (source id alg-1): created draft bostadsko-matchning');
    expect(out).toContain(
      '  left out: type: Insyn records the automation level, not the analytics type',
    );
    expect(out).toContain(
      'record 2 (source id alg-2): failed, nothing imported\n  refused: domain: domain "astrology" is not an AlgoSTD v0.3.1 domain',
    );
    expect(out).toMatch(
      /record 3: failed, nothing imported\n {2}refused: uuid: the record has no id/,
    );
    expect(out).toContain(
      '  refused: contact.email: must be an e-mail address (not "not-an-address")',
    );
    expect(out).toContain('  refused: title: must be at most 120 characters (it has 130)');
    expect(out).toContain('  note: domain "justice" imported as the nearest theme, PUBLIC_SAFETY');

    const audit: Json[] = await target.dataSource.query(
      `SELECT action, actor_label, details FROM audit_event
        WHERE action = 'ENTRY_IMPORTED' AND details->>'sourceId' LIKE 'alg-%' ORDER BY id`,
    );
    expect(audit).toEqual([
      expect.objectContaining({
        actor_label: 'test editorA',
        // The editor did not run it: the operator at the CLI did, as the editor, and says so.
        details: expect.objectContaining({
          format: 'algostd',
          sourceId: 'alg-1',
          created: true,
          operator: operatorLabel(),
        }),
      }),
      expect.objectContaining({
        details: expect.objectContaining({ sourceId: 'alg-6', created: true }),
      }),
    ]);
    const [draft] = await target.dataSource.query(
      `SELECT e.status, v.content FROM entry e JOIN entry_version v ON v.id = e.current_version_id JOIN entry_source s ON s.entry_id = e.id WHERE s.source_id = 'alg-1'`,
    );
    expect(draft.status).toBe('DRAFT');
    expect(draft.content).toMatchObject({
      title: 'Bostadskö-matchning',
      theme: 'HOUSING_AND_PLANNING',
      keywords: ['bostad', 'kö'],
      lifecycle: { stage: 'IN_USE' },
    });

    // The same file again: nothing changes (no version, no audit row).
    const counts = async () =>
      (
        await target.dataSource.query(
          `SELECT (SELECT count(*) FROM entry_version)::int AS v, (SELECT count(*) FROM audit_event)::int AS a`,
        )
      )[0];
    const before = await counts();
    await expect(target.import('algostd', path)).rejects.toThrow(/4 of 6 records failed/);
    expect(target.lines.filter((l) => l.startsWith('record 1 ')).join()).toContain(
      'unchanged draft bostadsko-matchning',
    );
    expect(await counts()).toEqual(before);

    // A record that changed only in what the entry does not carry (AlgoSTD's analytics type,
    // left out) changes nothing either, and says so rather than 'updated'.
    await target.import('algostd', file('other-type.json', [{ ...good, type: 'prescriptive' }]));
    expect(target.lines[1]).toMatch(
      /^record 1 \(source id alg-1\): unchanged draft bostadsko-matchning \(id .+, version 1\)$/,
    );
    expect(target.lines.at(-1)).toBe('1 record: 0 created, 0 updated, 1 unchanged, 0 failed');
    expect(await counts()).toEqual(before);

    // A changed record updates its draft; a field it no longer has is cleared.
    const { keywords: _k, ...withoutKeywords } = good;
    const changed = file('changed.json', [
      { ...withoutKeywords, description_short: 'Ny sammanfattning.' },
    ]);
    await target.import('algostd', changed);
    expect(target.lines[1]).toMatch(
      /^record 1 \(source id alg-1\): updated draft bostadsko-matchning \(id .+, version 1\)$/,
    );
    const [updated] = await target.dataSource.query(
      `SELECT v.content FROM entry e JOIN entry_version v ON v.id = e.current_version_id JOIN entry_source s ON s.entry_id = e.id WHERE s.source_id = 'alg-1'`,
    );
    expect(updated.content.summary).toBe('Ny sammanfattning.');
    expect(updated.content.keywords).toBeUndefined();
  });

  it('applies the text rule of every input to every imported string, refusing the record that breaks it', async () => {
    await target.dataSource.query(`DELETE FROM entry`);
    const exported = join(folder, 'text-rule-source.csv');
    await source.run('export', { format: 'csv', out: exported });
    const [header, ...rows] = parse(readFileSync(exported, 'utf8'), { bom: true }) as string[][];
    const template = rows.find((r) => r[header.indexOf('kind')] === 'ALGORITHM')!;
    const row = (id: string, title: string, cells: Record<string, string> = {}) =>
      header.map((column, i) =>
        column === 'id' ? id : column === 'title' ? title : (cells[column] ?? template[i]),
      );
    const csv = [
      header,
      row('ctl-1', 'Före'),
      row('ctl-2', 'Bell\x07 title'),
      row('ctl-3', 'Escape', { summary: 'x\x1b[31mred' }),
      row('ctl-4', 'Retur', { purpose: 'a\rb' }),
      row('ctl-5', 'Tabb', { 'accountability.accountableOwner': '\tTAB start' }),
      row('ctl-6', 'Noll', { purpose: 'a\x00b' }),
      row('ctl-7', 'Efter'),
      row('ctl-8', 'Anna \u202enossraK'),
    ]
      .map((cells) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))
      .join('\r\n');
    const path = file('control.csv', `${csv}\r\n`);
    await expect(target.import('csv', path)).rejects.toThrow(
      '5 of 8 records failed (see above); the others were imported',
    );
    const out = target.lines.join('\n');
    const controls = 'must not contain control characters other than tab and newline';
    for (const [record, reason] of [
      ['2 (source id ctl-2)', `title: ${controls} (U+0007 at position 5)`],
      ['3 (source id ctl-3)', `summary: ${controls} (U+001B at position 2)`],
      ['4 (source id ctl-4)', `purpose: ${controls} (U+000D at position 2)`],
      ['6 (source id ctl-6)', `purpose: ${controls} (U+0000 at position 2)`],
      [
        '8 (source id ctl-8)',
        'title: must not contain the bidirectional control character U+202E at position 6: it can make text display otherwise than it reads',
      ],
    ])
      expect(out).toContain(`record ${record}: failed, nothing imported\n  refused: ${reason}`);
    for (const record of ['1 (source id ctl-1)', '5 (source id ctl-5)', '7 (source id ctl-7)'])
      expect(out).toMatch(new RegExp(`record ${record.replace(/[()]/g, '\\$&')}: created draft`));
    expect(out).not.toMatch(/unsupported Unicode|INSERT|SELECT|escape sequence/i);

    // AlgoSTD too; and a number is not a name.
    const good = {
      name: 'Bra namn',
      description_short: 'Kort.',
      contact_email: 'a@stad.example.se',
    };
    const json = file('control.json', [
      { ...good, uuid: 'esc-0' },
      { ...good, uuid: 'esc-1', name: 'Esc\u001b name' },
      { ...good, uuid: 'esc-2', name: 123 },
      { ...good, uuid: 'esc-3', name: '  Efter  ' },
    ]);
    await expect(target.import('algostd', json)).rejects.toThrow(/2 of 4 records failed/);
    const outJson = target.lines.join('\n');
    expect(outJson).toContain(
      `record 2 (source id esc-1): failed, nothing imported\n  refused: title: ${controls} (U+001B at position 4)`,
    );
    expect(outJson).toContain(
      'record 3 (source id esc-2): failed, nothing imported\n  refused: name: must be text',
    );

    const stored: { source_id: string; content: Json }[] = await target.dataSource.query(
      `SELECT s.source_id, v.content FROM entry_source s JOIN entry_version v ON v.entry_id = s.entry_id`,
    );
    expect(stored.map((r) => r.source_id).sort()).toEqual([
      'ctl-1',
      'ctl-5',
      'ctl-7',
      'esc-0',
      'esc-3',
    ]);
    const strings = (value: unknown): string[] =>
      typeof value === 'string'
        ? [value]
        : Array.isArray(value)
          ? value.flatMap(strings)
          : value && typeof value === 'object'
            ? Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)])
            : [];
    for (const { content } of stored)
      for (const text of strings(content))
        expect({ text, acceptable: isAcceptableText(text) }).toEqual({ text, acceptable: true });
    const byId = new Map(stored.map((r) => [r.source_id, r.content]));
    expect(byId.get('ctl-5')!.accountability.accountableOwner).toBe('TAB start');
    expect(byId.get('esc-3')!.title).toBe('Efter');
  });

  it('CSV: a row with broken quoting fails once, naming its line and what is wrong, and every other row is imported', async () => {
    await target.dataSource.query(`DELETE FROM entry`);
    const exported = join(folder, 'quotes-source.csv');
    await source.run('export', { format: 'csv', out: exported });
    const [header, ...rows] = parse(readFileSync(exported, 'utf8'), { bom: true }) as string[][];
    const template = rows.find((r) => r[header.indexOf('kind')] === 'ALGORITHM')!;
    const quoted = (c: string) => `"${c.replace(/"/g, '""')}"`;
    /** A row of the template as a CSV line, its id and title set, `raw` cells written as given. */
    const row = (id: string, title: string, raw: Record<string, string> = {}) =>
      header
        .map((column, i) =>
          column in raw
            ? raw[column]
            : quoted(column === 'id' ? id : column === 'title' ? title : template[i]),
        )
        .join(',');
    const lines = [
      header.map(quoted).join(','),
      row('qu-1', 'Före'),
      row('qu-2', '', { title: 'Skärm 24"' }),
      row('qu-3', 'Mellan', { summary: 'Text med "citat" i sig' }),
      row('qu-4', '', { title: '"Trafik" och parkering' }),
      row('qu-5', 'Efter', { summary: quoted('Två\r\nrader') }),
      row('qu-6', '', { relations: '"[' }),
    ];
    // The line of the file each row begins on: the exported cells hold line breaks of their own.
    const lineOf = (n: number) => lines.slice(0, n).join('\r\n').split('\n').length + 1;
    const path = file('quotes.csv', `${lines.join('\r\n')}\r\n`);
    await expect(target.import('csv', path)).rejects.toThrow(
      '4 of 6 records failed (see above); the others were imported',
    );
    const out = target.lines.join('\n');
    const fix = 'quote the whole value and double the quotes inside it';
    for (const [record, line, reason] of [
      [2, lineOf(2), `a quote inside the unquoted value of column "title"; ${fix}`],
      [3, lineOf(3), `a quote inside the unquoted value of column "summary"; ${fix}`],
      [4, lineOf(4), `the quoted value of column "title" goes on after its closing quote; ${fix}`],
      [
        6,
        lineOf(6),
        `the quote that opens the value of column "relations" is not closed; end the value with a quote, or, if the quote is part of the text, ${fix}`,
      ],
    ])
      expect(out).toContain(
        `record ${record}: failed, nothing imported\n  refused: line ${line}: not a valid CSV row: ${reason}`,
      );
    // Each broken row once: six rows, six records.
    expect(target.lines.filter((l) => /^record \d+/.test(l))).toHaveLength(6);
    expect(out).toMatch(/record 1 \(source id qu-1\): created draft/);
    expect(out).toMatch(/record 5 \(source id qu-5\): created draft/);
    const stored: { source_id: string; summary: string }[] = await target.dataSource.query(
      `SELECT s.source_id, v.content->>'summary' AS summary FROM entry_source s JOIN entry_version v ON v.entry_id = s.entry_id ORDER BY s.source_id`,
    );
    expect(stored).toEqual([
      { source_id: 'qu-1', summary: template[header.indexOf('summary')] },
      // A CRLF of input is taken as a newline.
      { source_id: 'qu-5', summary: 'Två\nrader' },
    ]);
  });

  it('refuses a record whose withholding ended before today or has an impossible date, as the API does', async () => {
    await target.dataSource.query(`DELETE FROM entry`);
    const exported = join(folder, 'withheld-source.csv');
    await source.run('export', { format: 'csv', out: exported });
    const [header, ...rows] = parse(readFileSync(exported, 'utf8'), { bom: true }) as string[][];
    const template = rows.find((r) => r[header.indexOf('kind')] === 'ALGORITHM')!;
    const today = new RegistryClock().today();
    const row = (id: string, until: string) =>
      header.map((column, i) =>
        column === 'id'
          ? id
          : column === 'title'
            ? `Undanhållen ${id}`
            : column === 'withheld'
              ? JSON.stringify([{ field: 'algorithm.sourceCode', legalGround: 'OSL 18:8', until }])
              : template[i],
      );
    const csv = [header, row('wh-1', '2020-01-01'), row('wh-2', today), row('wh-3', '2026-02-30')]
      .map((cells) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))
      .join('\r\n');
    await expect(target.import('csv', file('withheld.csv', `${csv}\r\n`))).rejects.toThrow(
      '2 of 3 records failed (see above); the others were imported',
    );
    const out = target.lines.join('\n');
    expect(out).toContain(
      `record 1 (source id wh-1): failed, nothing imported\n  refused: withheld.1.until: until 2020-01-01 has passed (today is ${today}): the field would not be withheld; give a date from today on, or none`,
    );
    expect(out).toMatch(/record 2 \(source id wh-2\): created draft/);
    expect(out).toMatch(
      /record 3 \(source id wh-3\): failed, nothing imported\n {2}refused: withheld\.1\.until: must be a date YYYY-MM-DD/,
    );
    const stored: { source_id: string }[] = await target.dataSource.query(
      `SELECT source_id FROM entry_source`,
    );
    expect(stored.map((r) => r.source_id)).toEqual(['wh-2']);
  });

  it('refuses a record whose list names a thing twice, as the API does, counting items from 1', async () => {
    await target.dataSource.query(`DELETE FROM entry`);
    const exported = join(folder, 'twice-source.csv');
    await source.run('export', { format: 'csv', out: exported });
    const [header, ...rows] = parse(readFileSync(exported, 'utf8'), { bom: true }) as string[][];
    const template = rows.find((r) => r[header.indexOf('kind')] === 'ALGORITHM')!;
    const row = (id: string, cells: Record<string, unknown>) =>
      header.map((column, i) =>
        column === 'id'
          ? id
          : column === 'title'
            ? `Två gånger ${id}`
            : column in cells
              ? JSON.stringify(cells[column])
              : template[i],
      );
    const csv = [
      header,
      row('tw-1', {
        legalBasis: [
          { title: 'Kommunallagen' },
          { title: 'Socialtjänstlagen' },
          { title: 'kommunallagen ' },
        ],
      }),
      row('tw-2', { keywords: ['Trafik', 'TRAFIK'] }),
      row('tw-3', { keywords: ['Trafik', 'Trafikljus'] }),
    ]
      .map((cells) => cells.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))
      .join('\r\n');
    await expect(target.import('csv', file('twice.csv', `${csv}\r\n`))).rejects.toThrow(
      '2 of 3 records failed (see above); the others were imported',
    );
    const out = target.lines.join('\n');
    expect(out).toContain(
      'record 1 (source id tw-1): failed, nothing imported\n  refused: legalBasis.3.title: repeats an earlier item (title "kommunallagen"): name each once',
    );
    expect(out).toContain(
      'record 2 (source id tw-2): failed, nothing imported\n  refused: keywords.2: repeats an earlier item ("TRAFIK"): name each once',
    );
    expect(out).toMatch(/record 3 \(source id tw-3\): created draft/);
    const stored: { source_id: string }[] = await target.dataSource.query(
      `SELECT source_id FROM entry_source`,
    );
    expect(stored.map((r) => r.source_id)).toEqual(['tw-3']);
  });

  it('prints what came from the file with its control characters escaped, never raw', async () => {
    await target.dataSource.query(`DELETE FROM entry`);
    const good = {
      name: 'Bra namn',
      description_short: 'Kort.',
      contact_email: 'a@stad.example.se',
    };
    const path = file('hostile.json', [
      // An ESC sequence in the title: refused, and the report does not quote it.
      { ...good, uuid: 'ok-1', name: 'Esc\u001b[2J title' },
      // In the source id, a field name and a quoted value: each would reach the terminal.
      { ...good, uuid: 'id-\u001b]0;pwned\u0007' },
      { ...good, uuid: 'ok-3', '\u001b[31mred\u001b[0m': 'x', 'line\nrecord 9: created': 'y' },
      { ...good, uuid: 'ok-4', standard_version: '\u009b2J \u202eevil' },
    ]);
    await expect(target.import('algostd', path)).rejects.toThrow(/3 of 4 records failed/);
    const out = target.lines.join('\n');
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    for (const line of target.lines)
      expect({ line, raw: raw.test(line) }).toEqual({ line, raw: false });
    expect(target.lines.some((line) => line.includes('\n'))).toBe(false);
    expect(out).toContain(
      'title: must not contain control characters other than tab and newline (U+001B at position 4)',
    );
    expect(out).toContain(
      'record 2 (source id id-\\u001b]0;pwned\\u0007): failed, nothing imported',
    );
    expect(out).toContain(
      '  left out: \\u001b[31mred\\u001b[0m: not an attribute of AlgoSTD v0.3.1',
    );
    expect(out).toContain(
      '  left out: line\\u000arecord 9: created: not an attribute of AlgoSTD v0.3.1',
    );
    expect(out).toContain('standard_version: "\\u009b2J \\u202eevil" is not 0.3.1');
  });

  it('prints nothing of a hostile file raw to the operator’s terminal: control characters escaped', async () => {
    // A source id, a key or a value with an escape sequence reached the terminal as it was (colours,
    // a cleared screen, a rewritten title bar), in the report's lines.
    const json = file('terminal.json', [
      { uuid: 'ev\u001b[2Jil', name: 'Ett' },
      { uuid: 'ok-1', name: 'Två', 'x\u001b]0;pwned\u0007': 1 },
    ]);
    await expect(target.import('algostd', json)).rejects.toThrow(/1 of 2 records failed/);
    const out = target.lines.join('\n');
    expect([...out].filter((c) => c !== '\n' && c !== '\t' && !isAcceptableText(c))).toEqual([]);
    expect(out).toContain('record 1 (source id ev\\u001b[2Jil): failed, nothing imported');
    expect(out).toContain('left out: x\\u001b]0;pwned\\u0007:');
  });

  it('checks Dutch records against the standard’s JSON Schema before it maps them', async () => {
    const path = file('nl-bad.json', [{ name: 'Zonder verplichte velden', source_id: 'nl-1' }]);
    await expect(target.import('nl', path)).rejects.toThrow(
      /^the record failed \(see above\); nothing was imported$/,
    );
    expect(target.lines.join('\n')).toContain(
      "refused: (record): must have required property 'description_short' (the standard’s JSON Schema)",
    );
  });

  it('refuses to start without a live token of someone who may write the department', async () => {
    const path = file('one.json', [{ uuid: 'x', name: 'X' }]);
    await expect(
      target.run('import', {
        format: 'algostd',
        _: [path],
        department: 'department-a',
        'token-label': 'nobody',
      }),
    ).rejects.toThrow('A live API token labelled "nobody" was not found');
    await expect(
      target.run('import', {
        format: 'algostd',
        _: [path],
        department: 'department-a',
        'token-label': 'test editorB',
      }),
    ).rejects.toThrow('Editors may only change entries of their own department');
    await expect(
      target.run('import', {
        format: 'xml',
        _: [path],
        department: 'department-a',
        'token-label': 'test editorA',
      }),
    ).rejects.toThrow('--format must be one of algostd|nl|atrs|csv');
    await expect(
      target.run('import', { format: 'algostd', _: [path], department: 'department-a' }),
    ).rejects.toThrow(/--token-label LABEL or --token-id ID/);
  });

  it('ATRS: imports the records Insyn exports, and says what it leaves out', async () => {
    const out = join(folder, 'atrs.json');
    await source.run('export', { format: 'atrs', out });
    await target.dataSource.query(`DELETE FROM entry`);
    const lines = await target.import('atrs', out);
    expect(lines.at(-1)).toBe('3 records: 3 created, 0 updated, 0 unchanged, 0 failed');
    expect(lines.join('\n')).toContain(
      'left out: senior_responsible_owner: withheld at the source (OSL 18:8)',
    );
    const drafts = await target.drafts();
    const triage = [...drafts.values()].find(
      (d) => d.content.title === 'Risk triage för försörjningsstöd',
    )!;
    expect(triage.content).toMatchObject({
      accountability: { accountableOwner: 'Head of the social services unit' },
      algorithm: { models: [expect.objectContaining({ name: 'triage-gbt', version: '2.1' })] },
      suppliers: [
        { name: 'Acme Analytics AB', role: 'Developer', procurementType: 'Open procedure' },
      ],
    });
  });
});
