import fc from 'fast-check';
import { DataSource } from 'typeorm';
import {
  AiActClass,
  EntryKind,
  ImpactAssessmentType,
  pathWithin,
  isoDay,
  RegistryClock,
  RiskClass,
  WithholdingExpiryService,
} from '@insyn/registry';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { fullAlgorithmInput } from './entry-fixtures';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

/**
 * Withheld values and drafts inferred from answers that are not the field itself: what the
 * public is told of an entry must follow from its public projection (and the withholding
 * notices) alone.
 */
describe('withheld values and drafts cannot be inferred from derived answers', () => {
  let api: RegistryApiHarness;
  let tokens: TestTokens;
  let setup: EntrySetup;
  let anonymous: GraphQLClient;

  beforeAll(async () => {
    // The property test's timelines send several hundred requests: not what this file tests.
    api = await RegistryApiHarness.start(
      'withheld-inference',
      {},
      { rateLimit: { limit: 100_000 } },
    );
    tokens = await createTestTokens(api.app.get(DataSource));
    setup = new EntrySetup(api.app, tokens);
    anonymous = api.graphql();
  });
  afterEach(() => {
    jest.restoreAllMocks();
  });
  afterAll(async () => {
    await api.stop();
  });

  /** The filters on what a withholding may hide that the as-of tests read, by name. */
  const AS_OF_FILTERS = {
    riskHigh: { riskClass: [RiskClass.HIGH] },
    riskLow: { riskClass: [RiskClass.LOW] },
    aiHighRisk: { aiActClass: [AiActClass.HIGH_RISK] },
    aiLimited: { aiActClass: [AiActClass.LIMITED] },
    hasDpia: { impactAssessmentPresent: [ImpactAssessmentType.DPIA] },
    hasFria: { impactAssessmentPresent: [ImpactAssessmentType.FRIA] },
    noDpia: { impactAssessmentMissing: [ImpactAssessmentType.DPIA] },
    noFria: { impactAssessmentMissing: [ImpactAssessmentType.FRIA] },
  };
  type AsOfFilter = keyof typeof AS_OF_FILTERS;
  interface AsOfView {
    withheld: { field: string }[];
    impactAssessments: { type: string | null }[] | null;
    algorithm: { riskClass: string | null; aiActClass: string | null } | null;
  }

  /**
   * The as-of view of the entry with supplier `supplier` at `asOf`, which of AS_OF_FILTERS list it
   * as of then (each narrowed to that supplier), and its as-of counts by class.
   */
  async function asOfAnswers(id: string, supplier: string, asOf: string) {
    const names = Object.keys(AS_OF_FILTERS) as AsOfFilter[];
    const data = await anonymous.data(
      `query($id: ID!, $asOf: DateTime, $all: EntryFilterInput, ${names.map((n) => `$${n}: EntryFilterInput`).join(', ')}) {
        view: entry(id: $id, asOf: $asOf) { withheld { field } impactAssessments { type }
          ... on Algorithm { algorithm { riskClass aiActClass } } }
        ${names.map((n) => `${n}: entries(filter: $${n}, asOf: $asOf) { nodes { id } }`).join('\n')}
        stats: registerStats(filter: $all, asOf: $asOf, groupBy: [RISK_CLASS, AI_ACT_CLASS]) {
          riskClass aiActClass count } }`,
      {
        id,
        asOf,
        all: { supplier: [supplier] },
        ...Object.fromEntries(names.map((n) => [n, { ...AS_OF_FILTERS[n], supplier: [supplier] }])),
      },
    );
    const listed = Object.fromEntries(
      names.map((n) => [n, data[n].nodes.some((node: { id: string }) => node.id === id)]),
    ) as Record<AsOfFilter, boolean>;
    return { view: data.view as AsOfView, listed, stats: data.stats };
  }

  /**
   * What the as-of view says each filter lists and how it counts: a value shown matches, a value
   * withheld neither matches nor is missing (a withheld assessment is no missing one).
   */
  function listedAsShown(view: AsOfView) {
    const types = (view.impactAssessments ?? []).map((a) => a.type);
    const typesKnown = !view.withheld.some((w) => pathWithin('impactAssessments.type', w.field));
    const risk = view.algorithm?.riskClass ?? null;
    const ai = view.algorithm?.aiActClass ?? null;
    const listed: Record<AsOfFilter, boolean> = {
      riskHigh: risk === RiskClass.HIGH,
      riskLow: risk === RiskClass.LOW,
      aiHighRisk: ai === AiActClass.HIGH_RISK,
      aiLimited: ai === AiActClass.LIMITED,
      hasDpia: types.includes(ImpactAssessmentType.DPIA),
      hasFria: types.includes(ImpactAssessmentType.FRIA),
      noDpia: typesKnown && !types.includes(ImpactAssessmentType.DPIA),
      noFria: typesKnown && !types.includes(ImpactAssessmentType.FRIA),
    };
    return { listed, stats: [{ riskClass: risk, aiActClass: ai, count: 1 }] };
  }

  /** Asserts that as-of lists and counts at `asOf` hold the entry just as its as-of view shows it. */
  async function expectListedAsShown(id: string, supplier: string, asOf: string, about: object) {
    const answers = await asOfAnswers(id, supplier, asOf);
    expect({ ...about, asOf, listed: answers.listed, stats: answers.stats }).toEqual({
      ...about,
      asOf,
      ...listedAsShown(answers.view),
    });
    return answers;
  }

  /** Moves the publication of the entry's published version to `at` (a timeline's later day). */
  async function publishedAt(id: string, at: Date) {
    const dataSource = api.app.get(DataSource);
    await dataSource.query(
      `UPDATE entry_version SET published_at = $2, updated_at = $2
        WHERE id = (SELECT published_version_id FROM entry WHERE id = $1)`,
      [id, at],
    );
    await dataSource.query(
      `UPDATE entry SET last_published_at = $2, updated_at = $2 WHERE id = $1`,
      [id, at],
    );
  }

  describe('completeness of a published entry', () => {
    const READ = `query($id: ID!) { entry(id: $id) {
      completeness { ready missing problems { field } }
      versions { entry { completeness { ready missing } } } } }`;
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const withheld = [{ field: 'algorithm.aiActClass', legalGround: 'OSL 18:8' }];
      for (const aiActClass of [AiActClass.HIGH_RISK, AiActClass.LIMITED]) {
        const id = await setup.published(EntryKind.ALGORITHM, `Slutledning ${aiActClass}`, 'A', {
          withheld,
          algorithm: { ...fullAlgorithmInput().algorithm, aiActClass },
        });
        ids[aiActClass] = id;
      }
      // Published before a rule that its withheld value brings into play (the AI Act's
      // "state whether the deployer is a public body" for high-risk systems came later): the
      // stored version lacks what the rule asks for today.
      await api.app.get(DataSource).query(
        `UPDATE entry_version SET content = content #- '{algorithm,deployerIsPublicBody}'
            WHERE entry_id = ANY($1::uuid[])`,
        [Object.values(ids)],
      );
    });

    it('answers the same whatever the withheld value', async () => {
      const [high, limited] = await Promise.all(
        [ids[AiActClass.HIGH_RISK], ids[AiActClass.LIMITED]].map(async (id) =>
          JSON.stringify((await anonymous.data(READ, { id })).entry),
        ),
      );
      expect(high).toEqual(limited);
    });

    it('still tells the entry’s staff what the whole content lacks', async () => {
      const editor = api.graphql(tokens.editorA);
      const data = await editor.data(READ, { id: ids[AiActClass.HIGH_RISK] });
      expect(data.entry.completeness.missing).toEqual(['algorithm.deployerIsPublicBody']);
    });
  });

  describe('fields that would give a withheld one away', () => {
    it('are withheld along with it, and staff are told which', async () => {
      const { algorithm } = fullAlgorithmInput();
      const id = await setup.published(EntryKind.ALGORITHM, 'Klass undanhållen', 'A', {
        withheld: [{ field: 'algorithm.aiActClass', legalGround: 'OSL 18:8' }],
        impactAssessments: [
          { type: ImpactAssessmentType.FRIA, date: '2024-03-01', summary: 'Rättigheter.' },
        ],
        algorithm: {
          ...algorithm,
          aiActClass: AiActClass.HIGH_RISK,
          deployerIsPublicBody: true,
          euDatabaseRegistrationNumber: 'EU-AI-2024-000042',
        },
      });
      const READ = `query($id: ID!) { entry(id: $id) {
        withheld { field legalGround alsoWithheld }
        impactAssessments { type date }
        ... on Algorithm { algorithm { aiActClass deployerIsPublicBody euDatabaseRegistrationNumber decisionProcess } } } }`;
      const along = [
        'impactAssessments.type',
        'algorithm.deployerIsPublicBody',
        'algorithm.euDatabaseRegistrationNumber',
        'algorithm.euDatabaseUrl',
      ];
      const seen = (await anonymous.data(READ, { id })).entry;
      expect(seen.algorithm).toEqual({
        aiActClass: null,
        deployerIsPublicBody: null,
        euDatabaseRegistrationNumber: null,
        decisionProcess: algorithm!.decisionProcess,
      });
      expect(seen.impactAssessments).toEqual([{ type: null, date: '2024-03-01' }]);
      expect(seen.withheld.map((w: { field: string }) => w.field)).toEqual([
        'algorithm.aiActClass',
        ...along,
      ]);
      expect(seen.withheld[0]).toEqual({
        field: 'algorithm.aiActClass',
        legalGround: 'OSL 18:8',
        alsoWithheld: along,
      });
      // The entry's staff read what they entered, and what it takes along.
      const staff = (await api.graphql(tokens.editorA).data(READ, { id })).entry;
      expect(staff.withheld).toEqual([
        { field: 'algorithm.aiActClass', legalGround: 'OSL 18:8', alsoWithheld: along },
      ]);
      expect(staff.algorithm.deployerIsPublicBody).toBe(true);
      expect(staff.impactAssessments).toEqual([{ type: 'FRIA', date: '2024-03-01' }]);
    });
  });

  describe('an entry’s time as a draft', () => {
    it('is not public: the public is told the entry was created when it was first published', async () => {
      const id = await setup.published(EntryKind.DATASET, 'Länge ett utkast', 'A');
      // Registered as a draft long before anyone published it.
      await api.app
        .get(DataSource)
        .query(`UPDATE entry SET created_at = created_at - interval '200 days' WHERE id = $1`, [
          id,
        ]);
      const READ = `query($id: ID!, $asOf: DateTime) {
        entry(id: $id) { createdAt firstPublishedAt versions { entry { createdAt } } }
        asOf: entry(id: $id, asOf: $asOf) { createdAt firstPublishedAt } }`;
      const { entry, asOf } = await anonymous.data(READ, { id, asOf: new Date().toISOString() });
      expect(entry.createdAt).toBe(entry.firstPublishedAt);
      expect(
        entry.versions.map((v: { entry: { createdAt: string } }) => v.entry.createdAt),
      ).toEqual([entry.firstPublishedAt]);
      expect(asOf.createdAt).toBe(asOf.firstPublishedAt);
      const staff = await api.graphql(tokens.editorA).data(READ, { id, asOf: null });
      expect(Date.parse(staff.entry.createdAt)).toBeLessThan(
        Date.parse(staff.entry.firstPublishedAt) - 199 * 86_400_000,
      );
    });
  });

  describe('a field withheld along with one withheld from a later version on', () => {
    it('does not decide what as-of lists and counts hold either', async () => {
      // Two high-risk algorithms, one a public body's with its FRIA, one with a DPIA; their
      // second versions withhold the AI Act class, and with it the assessments' types.
      const { algorithm } = fullAlgorithmInput();
      const ids: string[] = [];
      for (const [name, publicBody, type] of [
        ['Längs med A', true, ImpactAssessmentType.FRIA],
        ['Längs med B', false, ImpactAssessmentType.DPIA],
      ] as const)
        ids.push(
          await setup.published(EntryKind.ALGORITHM, name, 'A', {
            impactAssessments: [{ type, date: '2024-03-01', summary: 'Bedömd.' }],
            algorithm: {
              ...algorithm,
              aiActClass: AiActClass.HIGH_RISK,
              deployerIsPublicBody: publicBody,
              euDatabaseRegistrationNumber: publicBody ? 'EU-AI-2024-000043' : undefined,
            },
            withheld: [],
          }),
        );
      const between = new Date().toISOString();
      for (const id of ids) {
        await setup.edit(
          id,
          EntryKind.ALGORITHM,
          { withheld: [{ field: 'algorithm.aiActClass', legalGround: 'OSL 18:8' }] },
          'A',
        );
        await setup.publish(id, 'A');
      }
      const LIST = `query($f: EntryFilterInput, $asOf: DateTime) {
        entries(filter: $f, asOf: $asOf, first: 100) { nodes { id } }
        registerStats(filter: $f, asOf: $asOf, groupBy: [KIND]) { count } }`;
      for (const type of [ImpactAssessmentType.FRIA, ImpactAssessmentType.DPIA])
        for (const f of [
          { impactAssessmentPresent: [type] },
          { impactAssessmentMissing: [type] },
        ]) {
          const filter = { ...f, department: [tokens.departmentA.slug] };
          for (const asOf of [between, null]) {
            const listed = (await anonymous.data(LIST, { f: filter, asOf })).entries.nodes.map(
              (n: { id: string }) => n.id,
            );
            // Neither: which assessment each has is not public any more, so neither is known
            // to have one nor to lack one (a withheld FRIA is no missing FRIA).
            const both = ids.map((id) => listed.includes(id));
            expect({ f, asOf, both }).toEqual({ f, asOf, both: [false, false] });
          }
        }
      // Their own department's editors, who read the working copies whole, know.
      const missingFria = await api.graphql(tokens.editorA).data(LIST, {
        f: {
          impactAssessmentMissing: [ImpactAssessmentType.FRIA],
          department: [tokens.departmentA.slug],
        },
      });
      const listedForEditor = missingFria.entries.nodes.map((n: { id: string }) => n.id);
      expect(ids.map((id) => listedForEditor.includes(id))).toEqual([false, true]);
      const present = { impactAssessmentPresent: [ImpactAssessmentType.FRIA] };
      const [then, now] = await Promise.all(
        [between, null].map((asOf) => anonymous.data(LIST, { f: present, asOf })),
      );
      expect(then.registerStats).toEqual(now.registerStats);
    });
  });

  describe('a field withheld from a later version on', () => {
    // Two entries whose first versions differ only in a value that was public then; their second
    // versions withhold it (the department decided it may not be public, e.g. OSL 18:8).
    const ids: Record<string, string> = {};
    let between: string;
    const supplier = (risk: string) => `Leverantör ${risk === RiskClass.HIGH ? 'Alfa' : 'Beta'} AB`;

    beforeAll(async () => {
      for (const risk of [RiskClass.HIGH, RiskClass.LOW])
        ids[risk] = await setup.published(
          EntryKind.ALGORITHM,
          `Senare undanhållen ${risk === RiskClass.HIGH ? 'A' : 'B'}`,
          'B',
          {
            algorithm: { ...fullAlgorithmInput().algorithm, riskClass: risk },
            suppliers: [{ name: supplier(risk), role: 'Developer' }],
            withheld: [],
          },
        );
      between = new Date().toISOString();
      for (const risk of [RiskClass.HIGH, RiskClass.LOW]) {
        await setup.edit(
          ids[risk],
          EntryKind.ALGORITHM,
          {
            withheld: [
              { field: 'algorithm.riskClass', legalGround: 'OSL 18:8' },
              { field: 'suppliers', legalGround: 'OSL 31:16' },
            ],
          },
          'B',
        );
        await setup.publish(ids[risk], 'B');
      }
    });

    it('is withheld from the earlier versions, their diff and the as-of view too', async () => {
      const READ = `query($id: ID!, $asOf: DateTime) {
        entry(id: $id) { versions { number entry { suppliers { name } withheld { field }
          ... on Algorithm { algorithm { riskClass } } } } }
        asOf: entry(id: $id, asOf: $asOf) { version suppliers { name } withheld { field }
          ... on Algorithm { algorithm { riskClass } } relations { type } }
        entryDiff(id: $id, fromVersion: 1, toVersion: 2) { field before after } }`;
      const [high, low] = await Promise.all(
        [ids[RiskClass.HIGH], ids[RiskClass.LOW]].map(
          async (id) => (await anonymous.data(READ, { id, asOf: between })) as object,
        ),
      );
      expect(high).toEqual(low);
      expect(JSON.stringify(high)).not.toMatch(/"riskClass":"|Leverantör/);
    });

    it('says which version withheld it: the earlier version’s notices as a later version’s, the diff the later one adding them', async () => {
      type Notice = { field: string; byLaterVersion: boolean };
      const READ = `query($id: ID!) {
        entry(id: $id) { withheld { field byLaterVersion }
          versions { number entry { withheld { field byLaterVersion } } } }
        entryDiff(id: $id, fromVersion: 1, toVersion: 2) { field before after } }`;
      const id = ids[RiskClass.HIGH];
      const data = await anonymous.data(READ, { id });
      const fields = (notices: Notice[]) => notices.map((w) => w.field).sort();
      const today = data.entry.withheld as Notice[];
      expect(fields(today)).toEqual(expect.arrayContaining(['algorithm.riskClass', 'suppliers']));
      expect(today.every((w) => !w.byLaterVersion)).toBe(true);
      const version = (n: number) =>
        data.entry.versions.find((v: { number: number }) => v.number === n).entry
          .withheld as Notice[];
      // Version 1 withheld nothing itself: today's notices hide its values, marked as such.
      expect(fields(version(1))).toEqual(fields(today));
      expect(version(1).every((w) => w.byLaterVersion)).toBe(true);
      expect(version(2)).toEqual(today);
      // The diff tells the withholdings each version made: version 2 added them.
      const notices = data.entryDiff.find((c: { field: string }) => c.field === 'withheld');
      expect(notices.before).toBeNull();
      expect(fields(notices.after)).toEqual(fields(today));
      expect(JSON.stringify(data.entryDiff)).not.toMatch(/"riskClass":"|Leverantör|byLaterVersion/);
      // Staff see each version as it was: version 1 with its own (empty) list, nothing marked.
      const staff = await api.graphql(tokens.auditor).data(READ, { id });
      expect(
        staff.entry.versions.find((v: { number: number }) => v.number === 1).entry.withheld,
      ).toEqual([]);
    });

    it('does not decide what as-of lists and counts hold', async () => {
      const LIST = `query($f: EntryFilterInput, $asOf: DateTime) {
        entries(filter: $f, asOf: $asOf, first: 100) { nodes { id } }
        registerStats(filter: $f, asOf: $asOf, groupBy: [RISK_CLASS]) { riskClass count } }`;
      const department = { department: [tokens.departmentB.slug] };
      const stats = await anonymous.data(LIST, { f: department, asOf: between });
      expect(stats.registerStats).toEqual([{ riskClass: null, count: 2 }]);
      for (const f of [
        { riskClass: [RiskClass.HIGH] },
        { riskClass: [RiskClass.LOW] },
        { supplier: [supplier(RiskClass.HIGH)] },
        { supplier: [supplier(RiskClass.LOW)] },
      ]) {
        const listed = (await anonymous.data(LIST, { f, asOf: between })).entries.nodes.map(
          (n: { id: string }) => n.id,
        );
        expect({
          f,
          listed: listed.filter((id: string) => Object.values(ids).includes(id)),
        }).toEqual({ f, listed: [] });
      }
    });

    it('is withheld from the history export and the changes page', async () => {
      const history = (await (await fetch(`${api.baseUrl}/exports/history.json`)).json()) as {
        entries: { id: string; versions: unknown[] }[];
      };
      const versionsOf = (id: string) =>
        JSON.stringify(history.entries.find((e) => e.id === id)?.versions);
      for (const id of Object.values(ids))
        expect(versionsOf(id)).not.toMatch(/"riskClass":"|Leverantör/);
      const slugs = await anonymous.data(
        `query($a: ID!, $b: ID!) { a: entry(id: $a) { slug } b: entry(id: $b) { slug } }`,
        { a: ids[RiskClass.HIGH], b: ids[RiskClass.LOW] },
      );
      for (const slug of [slugs.a.slug, slugs.b.slug]) {
        const page = await (
          await fetch(`${api.baseUrl}/en/entries/${slug}/changes?from=1&to=2`)
        ).text();
        expect(page).not.toMatch(/Leverantör/);
      }
    });

    it('stays public in the earlier versions once the later withholding has ended', async () => {
      const id = await setup.published(EntryKind.ALGORITHM, 'Undanhållet en tid', 'A', {
        suppliers: [{ name: 'Leverantör Gamma AB', role: 'Developer' }],
        withheld: [],
      });
      const before = new Date().toISOString();
      // Withheld through today (an until already past is refused), read from tomorrow on.
      const clock = api.app.get(RegistryClock);
      await setup.edit(id, EntryKind.ALGORITHM, {
        withheld: [{ field: 'suppliers', legalGround: 'OSL 31:16', until: clock.today() }],
      });
      await setup.publish(id);
      const tomorrow = new Date(clock.now().getTime() + 86_400_000);
      jest.spyOn(clock, 'now').mockReturnValue(tomorrow);
      const READ = `query($id: ID!, $asOf: DateTime, $f: EntryFilterInput) {
        asOf: entry(id: $id, asOf: $asOf) { suppliers { name } }
        entries(filter: $f, asOf: $asOf) { nodes { id } } }`;
      const data = await anonymous.data(READ, {
        id,
        asOf: before,
        f: { supplier: ['Leverantör Gamma AB'] },
      });
      expect(data.asOf.suppliers).toEqual([{ name: 'Leverantör Gamma AB' }]);
      expect(data.entries.nodes).toEqual([{ id }]);
    });
  });

  describe('a diff across a withholding lifted in the later version', () => {
    const SECRET = 'H v1 SECRET VALUE';
    let id: string;
    let slug: string;

    beforeAll(async () => {
      const algorithm = fullAlgorithmInput().algorithm;
      id = await setup.published(EntryKind.ALGORITHM, 'Undanhållet och sedan visat', 'A', {
        algorithm: { ...algorithm, risksAndMitigations: SECRET },
        suppliers: [{ name: 'Leverantör Delta AB', orgNumber: '556111-1111', role: 'Developer' }],
        withheld: [
          { field: 'algorithm.risksAndMitigations', legalGround: 'OSL 18:8' },
          { field: 'suppliers.orgNumber', legalGround: 'OSL 31:16' },
        ],
      });
      await setup.edit(id, EntryKind.ALGORITHM, {
        algorithm: { ...algorithm, risksAndMitigations: 'H v2 public value' },
        withheld: [],
      });
      await setup.publish(id);
      slug = (await anonymous.data(`query($id: ID!) { entry(id: $id) { slug } }`, { id })).entry
        .slug;
    });

    const DIFF = `query($id: ID!, $from: Int!, $to: Int!) {
      entryDiff(id: $id, fromVersion: $from, toVersion: $to) {
        field before after beforeWithheld afterWithheld } }`;
    type Change = {
      field: string;
      before: unknown;
      after: unknown;
      beforeWithheld: boolean;
      afterWithheld: boolean;
    };
    const diff = async (client: GraphQLClient, from: number, to: number) =>
      (await client.data<{ entryDiff: Change[] }>(DIFF, { id, from, to })).entryDiff;

    it('says the earlier value was withheld, not empty, and never shows it', async () => {
      const changes = await diff(anonymous, 1, 2);
      expect(JSON.stringify(changes)).not.toContain(SECRET);
      expect(changes.find((c) => c.field === 'algorithm.risksAndMitigations')).toEqual({
        field: 'algorithm.risksAndMitigations',
        before: null,
        after: 'H v2 public value',
        beforeWithheld: true,
        afterWithheld: false,
      });
      // A list whose items withheld a part: shown without it, and marked.
      expect(changes.find((c) => c.field === 'suppliers')).toEqual({
        field: 'suppliers',
        before: [{ name: 'Leverantör Delta AB', role: 'Developer' }],
        after: [{ name: 'Leverantör Delta AB', orgNumber: '556111-1111', role: 'Developer' }],
        beforeWithheld: true,
        afterWithheld: false,
      });
      // The notices themselves are public, and no field withheld.
      expect(changes.find((c) => c.field === 'withheld')).toMatchObject({
        beforeWithheld: false,
        afterWithheld: false,
      });
      // The other way round, the later version withheld it.
      expect(
        (await diff(anonymous, 2, 1)).find((c) => c.field === 'algorithm.risksAndMitigations'),
      ).toMatchObject({ before: 'H v2 public value', after: null, afterWithheld: true });
    });

    it('shows staff both values, withheld from nobody', async () => {
      const changes = await diff(api.graphql(tokens.auditor), 1, 2);
      expect(changes.find((c) => c.field === 'algorithm.risksAndMitigations')).toEqual({
        field: 'algorithm.risksAndMitigations',
        before: SECRET,
        after: 'H v2 public value',
        beforeWithheld: false,
        afterWithheld: false,
      });
    });

    it('says so on the changes page, and names the fields of the notices by their labels', async () => {
      for (const [lang, withheld, empty, label, partly] of [
        [
          'sv',
          '(visas inte)',
          '(tomt)',
          'Algoritmen › Risker och åtgärder',
          'Delar av uppgiften visas inte.',
        ],
        [
          'en',
          '(not shown)',
          '(empty)',
          'The algorithm › Risks and mitigations',
          'Parts of it are not shown.',
        ],
      ]) {
        const response = await fetch(`${api.baseUrl}/${lang}/entries/${slug}/changes?from=1&to=2`);
        expect(response.status).toBe(200);
        const page = await response.text();
        expect(page).not.toContain(SECRET);
        const row = (trail: string) =>
          new RegExp(`<tr[^>]*><th scope="row"[^>]*>${trail}</th>(.*?)</tr>`, 's').exec(
            page,
          )?.[1] ?? '';
        const risks = row(label);
        expect(risks).toContain(
          `class="before"><del><span class="withheld">${withheld}</span></del></td>`,
        );
        expect(risks).not.toContain(empty);
        expect(risks).toContain('H v2 public value');
        expect(row(lang === 'sv' ? 'Leverantörer' : 'Suppliers')).toContain(partly);
        // The notice table under the diff names each withheld field as the rows above do.
        const notices = row(lang === 'sv' ? 'Uppgifter som inte visas' : 'Information not shown');
        expect(notices).toContain(label);
        expect(page).not.toContain('algorithm.risksAndMitigations');
      }
    });
  });
  describe('an entry registered without withholding anything', () => {
    it('withholds nothing: lists for what it lacks find it, today and as of a moment', async () => {
      // Registered as a department does that never touches `withheld`: the content has no list.
      const id = await setup.published(EntryKind.ALGORITHM, 'Utan lista', 'B', {
        impactAssessments: [
          { type: ImpactAssessmentType.DPIA, date: '2024-03-01', summary: 'Bedömd.' },
        ],
        withheld: undefined,
      });
      const [stored] = (await api.app
        .get(DataSource)
        .query(`SELECT content ? 'withheld' AS listed FROM entry_version WHERE entry_id = $1`, [
          id,
        ])) as { listed: boolean }[];
      expect(stored).toEqual({ listed: false });
      const asOf = new Date().toISOString();
      for (const moment of [null, asOf]) {
        const data = await anonymous.data(
          `query($f: EntryFilterInput, $asOf: DateTime) {
            entries(filter: $f, asOf: $asOf, first: 100) { nodes { id } } }`,
          {
            f: {
              impactAssessmentMissing: [ImpactAssessmentType.FRIA],
              department: [tokens.departmentB.slug],
            },
            asOf: moment,
          },
        );
        expect({ moment, found: data.entries.nodes.map((n: { id: string }) => n.id) }).toEqual({
          moment,
          found: expect.arrayContaining([id]),
        });
      }
    });
  });

  describe('a field withheld from an earlier version only', () => {
    it('is unknown to as-of lists of that time, as the as-of view shows it: no missing FRIA', async () => {
      // Two high-risk algorithms whose first versions withhold the AI Act class (and with it
      // the assessments' types); their second versions withhold nothing.
      const { algorithm } = fullAlgorithmInput();
      const ids: string[] = [];
      for (const [name, publicBody, type] of [
        ['Tidigare dold A', true, ImpactAssessmentType.FRIA],
        ['Tidigare dold B', false, ImpactAssessmentType.DPIA],
      ] as const)
        ids.push(
          await setup.published(EntryKind.ALGORITHM, name, 'B', {
            impactAssessments: [{ type, date: '2024-03-01', summary: 'Bedömd.' }],
            algorithm: {
              ...algorithm,
              aiActClass: AiActClass.HIGH_RISK,
              deployerIsPublicBody: publicBody,
              euDatabaseRegistrationNumber: publicBody ? 'EU-AI-2024-000044' : undefined,
            },
            withheld: [{ field: 'algorithm.aiActClass', legalGround: 'OSL 18:8' }],
          }),
        );
      const between = new Date().toISOString();
      for (const id of ids) {
        await setup.edit(id, EntryKind.ALGORITHM, { withheld: [] }, 'B');
        await setup.publish(id, 'B');
      }
      // The as-of view: the class, and the assessments' types with it, withheld then.
      for (const id of ids) {
        const { entry } = await anonymous.data(
          `query($id: ID!, $asOf: DateTime) { entry(id: $id, asOf: $asOf) { withheld { field } } }`,
          { id, asOf: between },
        );
        expect(entry.withheld.map((w: { field: string }) => w.field)).toContain(
          'algorithm.aiActClass',
        );
      }
      const LIST = `query($f: EntryFilterInput, $asOf: DateTime) {
        entries(filter: $f, asOf: $asOf, first: 100) { nodes { id } }
        registerStats(filter: $f, asOf: $asOf, groupBy: [KIND]) { count } }`;
      const listed = async (f: object, asOf: string | null) => {
        const data = await anonymous.data(LIST, {
          f: { ...f, department: [tokens.departmentB.slug] },
          asOf,
        });
        const nodes = data.entries.nodes.map((n: { id: string }) => n.id);
        return ids.map((id) => nodes.includes(id));
      };
      for (const type of [ImpactAssessmentType.FRIA, ImpactAssessmentType.DPIA])
        for (const f of [
          { impactAssessmentPresent: [type] },
          { impactAssessmentMissing: [type] },
          { aiActClass: [AiActClass.HIGH_RISK] },
        ])
          // Then, neither was known to have one nor to lack one, nor its class.
          expect({ f, then: await listed(f, between) }).toEqual({ f, then: [false, false] });
      // Now both are public whole.
      expect(await listed({ impactAssessmentMissing: [ImpactAssessmentType.FRIA] }, null)).toEqual([
        false,
        true,
      ]);
      expect(await listed({ aiActClass: [AiActClass.HIGH_RISK] }, null)).toEqual([true, true]);
    });

    it('withheld until a day and superseded before it, is no missing FRIA as of then, that day or after', async () => {
      // Assessments withheld through today; the second version, published today, withholds none.
      const clock = api.app.get(RegistryClock);
      const supplier = 'Leverantör Tills vidare AB';
      const id = await setup.published(EntryKind.ALGORITHM, 'Bedömningar dolda en tid', 'B', {
        suppliers: [{ name: supplier, role: 'Developer' }],
        impactAssessments: [
          { type: ImpactAssessmentType.DPIA, date: '2024-03-01', summary: 'Bedömd.' },
        ],
        withheld: [{ field: 'impactAssessments', legalGround: 'OSL 18:8', until: clock.today() }],
      });
      const then = new Date().toISOString();
      await setup.edit(id, EntryKind.ALGORITHM, { withheld: [] }, 'B');
      await setup.publish(id, 'B');
      const before = await expectListedAsShown(id, supplier, then, { day: 'today' });
      expect(before.view.withheld.map((w) => w.field)).toContain('impactAssessments');
      expect(before.listed).toMatchObject({ noFria: false, noDpia: false, hasDpia: false });
      // Now the second version shows them: a DPIA, and no FRIA.
      const now = await expectListedAsShown(id, supplier, new Date().toISOString(), {
        day: 'today',
      });
      expect(now.listed).toMatchObject({ noFria: true, hasDpia: true });
      // Tomorrow the withholding has ended, but as of then it was in force.
      jest.spyOn(clock, 'now').mockReturnValue(new Date(clock.now().getTime() + 86_400_000));
      const after = await expectListedAsShown(id, supplier, then, { day: 'tomorrow' });
      expect(after.listed).toEqual(before.listed);
    });
  });

  describe('a withholding whose end has passed', () => {
    it('hides the field from as-of lists before its end, and no longer after it, published or superseded since', async () => {
      // Two algorithms withholding the risk class through today. The first stays published; the
      // second is superseded the day after the end by a version that withholds nothing.
      const clock = api.app.get(RegistryClock);
      const day0 = clock.today();
      const ids: string[] = [];
      const suppliers = ['Leverantör Kvar AB', 'Leverantör Ersatt AB'];
      for (const supplier of suppliers)
        ids.push(
          await setup.published(EntryKind.ALGORITHM, `Risk dold till ${supplier}`, 'B', {
            suppliers: [{ name: supplier, role: 'Developer' }],
            withheld: [{ field: 'algorithm.riskClass', legalGround: 'OSL 18:8', until: day0 }],
          }),
        );
      const then = new Date().toISOString();
      await setup.edit(
        ids[1],
        EntryKind.ALGORITHM,
        {
          withheld: [],
          algorithm: { ...fullAlgorithmInput().algorithm, riskClass: RiskClass.LOW },
        },
        'B',
      );
      await setup.publish(ids[1], 'B');
      const at = (days: number, time: string) =>
        new Date(Date.parse(`${day0}T${time}Z`) + days * 86_400_000);
      await publishedAt(ids[1], at(1, '18:00:00'));
      // Two days on; as of the day after the end (noon), both show their first version whole.
      jest.spyOn(clock, 'now').mockReturnValue(at(2, '12:00:00'));
      const dayAfter = at(1, '12:00:00').toISOString();
      for (const refreshed of [false, true]) {
        // The daily refresh of the published versions' stored public columns changes nothing.
        if (refreshed) await api.app.get(WithholdingExpiryService).refresh();
        for (const [i, id] of ids.entries()) {
          const about = { entry: suppliers[i], refreshed };
          const before = await expectListedAsShown(id, suppliers[i], then, about);
          expect({ ...about, risk: before.view.algorithm?.riskClass }).toEqual({
            ...about,
            risk: null,
          });
          const after = await expectListedAsShown(id, suppliers[i], dayAfter, about);
          expect({ ...about, riskHigh: after.listed.riskHigh }).toEqual({
            ...about,
            riskHigh: true,
          });
        }
      }
    });
  });

  describe('as-of lists over withholding timelines', () => {
    const DAY = 86_400_000;
    const FIELDS = [
      'algorithm.riskClass',
      'algorithm.aiActClass',
      'algorithm.deployerIsPublicBody',
      'impactAssessments',
    ];
    /** A withholding of one of FIELDS, for good or through a day (days after today). */
    const withholding = fc.option(
      fc.record({
        field: fc.constantFrom(...FIELDS),
        until: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
      }),
      { nil: undefined },
    );
    let run = 0;

    it('hold each entry just as its as-of view shows it, on every day', async () => {
      const clock = api.app.get(RegistryClock);
      const expiry = api.app.get(WithholdingExpiryService);
      await fc.assert(
        fc.asyncProperty(
          withholding,
          // The second version: none, or published 0–2 days after the first, withholding…
          fc.option(fc.record({ after: fc.integer({ min: 0, max: 2 }), withheld: withholding }), {
            nil: undefined,
          }),
          // …and today, 0–3 days after the first publication (never before the second).
          fc.integer({ min: 0, max: 3 }),
          fc.boolean(),
          async (first, second, today, refreshed) => {
            const day0 = clock.today();
            const untilDay = (days: number) =>
              isoDay(new Date(Date.parse(`${day0}T12:00:00Z`) + days * DAY));
            const withheldOf = (w: typeof first) =>
              w
                ? [
                    {
                      field: w.field,
                      legalGround: 'OSL 18:8',
                      ...(w.until === undefined ? {} : { until: untilDay(w.until) }),
                    },
                  ]
                : [];
            const supplier = `Leverantör Tidslinje ${(run += 1)} AB`;
            const { algorithm } = fullAlgorithmInput();
            const id = await setup.published(EntryKind.ALGORITHM, `Tidslinje ${run}`, 'B', {
              suppliers: [{ name: supplier, role: 'Developer' }],
              impactAssessments: [
                { type: ImpactAssessmentType.DPIA, date: '2024-03-01', summary: 'Bedömd.' },
              ],
              algorithm: { ...algorithm, riskClass: RiskClass.HIGH },
              withheld: withheldOf(first),
            });
            const at = (days: number, seconds: number) =>
              new Date(Date.parse(`${day0}T12:00:00Z`) + days * DAY + seconds * 1000);
            await publishedAt(id, at(0, 0));
            if (second) {
              await setup.edit(
                id,
                EntryKind.ALGORITHM,
                {
                  impactAssessments: [
                    { type: ImpactAssessmentType.DPIA, date: '2024-03-01', summary: 'Bedömd.' },
                    {
                      type: ImpactAssessmentType.FRIA,
                      date: '2024-04-01',
                      summary: 'Rättigheter.',
                    },
                  ],
                  algorithm: {
                    ...algorithm,
                    riskClass: RiskClass.LOW,
                    aiActClass: AiActClass.LIMITED,
                  },
                  withheld: withheldOf(second.withheld),
                },
                'B',
              );
              await setup.publish(id, 'B');
              await publishedAt(id, at(second.after, 2));
            }
            const now = jest
              .spyOn(clock, 'now')
              .mockReturnValue(at(Math.max(today, second?.after ?? 0), 3600));
            try {
              if (refreshed) await expiry.refresh();
              // A moment a second after each day's first publication (before a second's, that
              // day), through the day after today.
              for (let day = 0; day <= 4; day += 1)
                await expectListedAsShown(id, supplier, at(day, 1).toISOString(), {
                  first,
                  second,
                  today,
                  refreshed,
                  day,
                });
            } finally {
              now.mockRestore();
            }
          },
        ),
        { seed: 20261205, numRuns: 24 },
      );
    }, 240_000);
  });
});
