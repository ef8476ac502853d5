import { DataSource } from 'typeorm';
import { EntryKind, RegistryClock } from '@insyn/registry';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness, Who } from './registry-api.harness';

const EVERYONE: Who[] = ['anonymous', 'editorA', 'editorB', 'reviewer', 'auditor', 'admin'];
type Outcome = 'OK' | 'NULL' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';

const FILE = `mutation($input: FileConcernInput!) {
  fileConcern(input: $input) { trackingCode erasureCode concern { id } }
}`;
const LIST = `query($filter: ConcernFilterInput, $first: Int, $after: String) {
  concerns(filter: $filter, first: $first, after: $after) {
    nodes { id status category text contactEmail entry { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const RESPOND = `mutation($input: RespondToConcernInput!) { respondToConcern(input: $input) { id status } }`;
const FIGURES = `{ concernFigures { department { slug } targetDays filed open answered reopened
  medianDaysToFirstResponse answeredWithinTarget openOverTarget } }`;
const TRACK = `query($code: String!) { concern(trackingCode: $code) { id status answer rejectionReason } }`;
const ERASE = `mutation($code: String!) { eraseConcern(erasureCode: $code) { erasedAt } }`;
const ENTRY = `query($id: ID!) { entry(id: $id) { publicConcerns { answer residentText rejectionReason } } }`;
const SCRIPT = '<script>alert(document.cookie)</script>';
const DAY = 86_400_000;

/** Who may do what with concerns, over GraphQL; then lists, filters, figures and inert markup. */
describe('concerns: the authorization matrix and the department list', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  let client: Record<Who, GraphQLClient>;
  let setup: EntrySetup;
  let entryA: string;
  let entryB: string;

  beforeAll(async () => {
    // The throttles are not what this file tests (concerns-throttle.e2e-spec.ts does).
    const plenty = { points: 10_000, windowSeconds: 60 };
    api = await RegistryApiHarness.start(
      'concerns-authorization',
      {},
      {
        concernThrottle: {
          filePerClient: plenty,
          fileGlobal: plenty,
          codeMissesPerClient: plenty,
        },
      },
    );
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    client = api.clients(tokens);
    setup = new EntrySetup(api.app, tokens);
    entryA = await setup.published(EntryKind.ALGORITHM, 'Algoritm A');
    entryB = await setup.published(EntryKind.ALGORITHM, 'Algoritm B', 'B');
  });
  afterAll(async () => {
    await api?.stop();
  });
  afterEach(() => jest.restoreAllMocks());

  const file = async (
    entryId = entryA,
    extra: Record<string, unknown> = {},
  ): Promise<{ trackingCode: string; erasureCode: string; concern: { id: string } }> =>
    (
      await client.anonymous.data(FILE, {
        input: {
          entryId,
          principleCodes: ['ACCESS_AND_LITERACY'],
          category: 'ACCESSIBILITY',
          text: 'The form does not work with a screen reader.',
          contactEmail: 'matrix@example.org',
          consentToPublish: true,
          ...extra,
        },
      })
    ).fileConcern;
  const outcome = (result: { errors?: { extensions?: { code?: string } }[] }): Outcome =>
    result.errors?.length ? (result.errors[0].extensions?.code as Outcome) : 'OK';
  const auditRows = async () =>
    Number((await db.query('SELECT count(*) FROM audit_event'))[0].count);

  it.each(EVERYONE)('%s may file, track and erase (residents need no account)', async (who) => {
    const filed = await client[who].request(FILE, {
      input: {
        entryId: entryA,
        principleCodes: ['OPEN_ETHICAL_STANDARDS'],
        category: 'OTHER',
        text: `Filed by ${who}`,
        consentToPublish: false,
      },
    });
    expect(outcome(filed)).toBe('OK');
    const receipt = (filed.data as any).fileConcern;
    expect(outcome(await client[who].request(TRACK, { code: receipt.trackingCode }))).toBe('OK');
    expect(outcome(await client[who].request(ERASE, { code: receipt.erasureCode }))).toBe('OK');
  });

  const LISTS: Record<Who, Outcome> = {
    anonymous: 'UNAUTHENTICATED',
    editorA: 'OK',
    editorB: 'NULL',
    reviewer: 'OK',
    auditor: 'OK',
    admin: 'OK',
  };
  it.each(EVERYONE)(
    '%s: lists department A’s concern as the matrix says; only A’s editors see the e-mail',
    async (who) => {
      const { concern } = await file();
      const result = await client[who].request<any>(LIST, {
        filter: { entryIds: [entryA] },
        first: 100,
      });
      if (result.errors) {
        expect(outcome(result)).toBe(LISTS[who]);
        return;
      }
      const node = result.data.concerns.nodes.find((n: any) => n.id === concern.id);
      expect(node ? 'OK' : 'NULL').toBe(LISTS[who]);
      if (node) expect(node.contactEmail).toBe(who === 'editorA' ? 'matrix@example.org' : null);
    },
  );

  const RESPONDS: Record<Who, Outcome> = {
    anonymous: 'UNAUTHENTICATED',
    editorA: 'OK',
    editorB: 'NOT_FOUND',
    reviewer: 'FORBIDDEN',
    auditor: 'FORBIDDEN',
    admin: 'OK',
  };
  it.each(EVERYONE)(
    '%s: respondToConcern on A’s concern (one audit row when allowed, none when refused)',
    async (who) => {
      const { concern } = await file();
      const before = await auditRows();
      const result = await client[who].request(RESPOND, {
        input: { id: concern.id, status: 'ACKNOWLEDGED' },
      });
      expect(outcome(result)).toBe(RESPONDS[who]);
      expect(await auditRows()).toBe(before + (RESPONDS[who] === 'OK' ? 1 : 0));
      const [row] = await db.query('SELECT status FROM concern WHERE id = $1', [concern.id]);
      expect(row.status).toBe(RESPONDS[who] === 'OK' ? 'ACKNOWLEDGED' : 'RECEIVED');
    },
  );

  const FIGURES_MAY: Record<Who, Outcome> = {
    anonymous: 'UNAUTHENTICATED',
    editorA: 'FORBIDDEN',
    editorB: 'FORBIDDEN',
    reviewer: 'FORBIDDEN',
    auditor: 'OK',
    admin: 'OK',
  };
  it.each(EVERYONE)('%s: concernFigures are for auditors and admins', async (who) => {
    expect(outcome(await client[who].request(FIGURES))).toBe(FIGURES_MAY[who]);
  });

  it('refuses responses that break the rules, naming the field, changing nothing', async () => {
    const { concern } = await file();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ status: 'REJECTED' }, 'BAD_USER_INPUT', 'input.reason'],
      [{ status: 'ACKNOWLEDGED', reason: 'why' }, 'BAD_USER_INPUT', 'input.reason'],
      [{ status: 'ANSWERED' }, 'BAD_USER_INPUT', 'input.answer'],
      [{ status: 'RECEIVED' }, 'BAD_USER_INPUT', 'input.status'],
      [{ answer: 'bad \u001b[31m' }, 'BAD_USER_INPUT', 'input.answer'],
      [{}, 'BAD_USER_INPUT', 'input'],
    ];
    const before = await auditRows();
    for (const [change, code, field] of cases) {
      const result = await client.editorA.request(RESPOND, {
        input: { id: concern.id, ...change },
      });
      expect(result.errors?.[0]?.extensions?.code).toBe(code);
      expect(result.errors?.[0]?.extensions?.fields?.map((f) => f.field)).toContain(field);
    }
    await client.editorA.data(RESPOND, { input: { id: concern.id, status: 'CLOSED' } });
    const reopened = await client.editorA.request(RESPOND, {
      input: { id: concern.id, status: 'UNDER_REVIEW' },
    });
    expect(reopened.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(reopened.errors?.[0]?.message).toMatch(/^A CLOSED concern cannot become UNDER_REVIEW/);

    expect(await auditRows()).toBe(before + 1);
  });

  it('lists newest first with keyset pages, and filters on status, entry, category and age', async () => {
    const clock = api.app.get(RegistryClock);
    const start = Date.now();
    const at = (days: number) =>
      jest.spyOn(clock, 'now').mockReturnValue(new Date(start - days * DAY));
    at(40);
    const old = await file(entryB, { category: 'DISCRIMINATION' });
    at(10);
    const middle = await file(entryB, { category: 'PRIVACY' });
    at(1);
    const recent = await file(entryB, { category: 'PRIVACY' });
    jest.restoreAllMocks();
    await client.editorB.data(RESPOND, {
      input: { id: middle.concern.id, status: 'UNDER_REVIEW' },
    });

    const ids = async (variables: Record<string, unknown>) =>
      (await client.editorB.data(LIST, variables)).concerns.nodes.map((n: any) => n.id);
    const all = [recent, middle, old].map((r) => r.concern.id);
    expect(await ids({})).toEqual(all);
    const first = (await client.editorB.data(LIST, { first: 2 })).concerns;
    expect(first.nodes.map((n: any) => n.id)).toEqual(all.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await client.editorB.data(LIST, { first: 2, after: first.pageInfo.endCursor }))
      .concerns;
    expect(second.nodes.map((n: any) => n.id)).toEqual(all.slice(2));
    expect(second.pageInfo.hasNextPage).toBe(false);

    expect(await ids({ filter: { statuses: ['UNDER_REVIEW'] } })).toEqual([middle.concern.id]);
    expect(await ids({ filter: { categories: ['PRIVACY'] } })).toEqual(all.slice(0, 2));
    expect(await ids({ filter: { minAgeDays: 30 } })).toEqual([old.concern.id]);
    expect(await ids({ filter: { maxAgeDays: 20 } })).toEqual(all.slice(0, 2));
    // Whole days: filed a day (and a moment) ago is 1 day old, not more than 1.
    expect(await ids({ filter: { maxAgeDays: 1 } })).toEqual([recent.concern.id]);
    expect(await ids({ filter: { maxAgeDays: 0 } })).toEqual([]);
    expect(await ids({ filter: { minAgeDays: 10, maxAgeDays: 10 } })).toEqual([middle.concern.id]);
    const inverted = await client.editorB.request(LIST, {
      filter: { minAgeDays: 1, maxAgeDays: 0 },
    });
    expect(inverted.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [
        {
          field: 'filter.maxAgeDays',
          message: expect.stringMatching(/^maxAgeDays must not be less than minAgeDays/),
        },
      ],
    });
    expect(await ids({ filter: { entryIds: [entryA] } })).toEqual([]);
    expect(await client.editorB.errorCodes(LIST, { after: 'not-a-cursor' })).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(await client.editorB.errorCodes(LIST, { first: 101 })).toEqual(['BAD_USER_INPUT']);
  });

  it('gives auditors the figures per department', async () => {
    const clock = api.app.get(RegistryClock);
    const start = Date.now();
    const figures = async () =>
      (await client.auditor.data(FIGURES)).concernFigures.find(
        (f: any) => f.department.slug === 'department-b',
      );
    const before = await figures();
    jest.spyOn(clock, 'now').mockReturnValue(new Date(start - 50 * DAY));
    const late = await file(entryB);
    const quick = await file(entryB);
    jest.spyOn(clock, 'now').mockReturnValue(new Date(start - 48 * DAY));
    await client.editorB.data(RESPOND, { input: { id: quick.concern.id, answer: 'Fixed.' } });
    jest.restoreAllMocks();
    const after = await figures();
    expect(after.targetDays).toBe(30);
    expect(after.filed).toBe(before.filed + 2);
    expect(after.answered).toBe(before.answered + 1);
    expect(after.answeredWithinTarget).toBe(before.answeredWithinTarget + 1);
    expect(after.openOverTarget).toBe(before.openOverTarget + 1);
    expect(after.medianDaysToFirstResponse).toEqual(expect.any(Number));
    expect(late.concern.id).toBeTruthy();
  });

  it('lists every department, one without concerns with zeros, as its compliance report does', async () => {
    await client.admin.data(
      `mutation { createDepartment(input: { slug: "no-concerns", nameSv: "Inga", nameEn: "None" }) { id } }`,
    );
    const { concernFigures } = await client.auditor.data(FIGURES);
    const { departments } = await client.auditor.data(`{ departments { slug } }`);
    expect(concernFigures.map((f: any) => f.department.slug)).toEqual(
      departments.map((d: { slug: string }) => d.slug),
    );
    const none = concernFigures.find((f: any) => f.department.slug === 'no-concerns');
    expect(none).toEqual({
      department: { slug: 'no-concerns' },
      targetDays: 30,
      filed: 0,
      open: 0,
      answered: 0,
      reopened: 0,
      medianDaysToFirstResponse: null,
      answeredWithinTarget: 0,
      openOverTarget: 0,
    });
    const { complianceReport } = await client.auditor.data(
      `{ complianceReport(departmentSlug: "no-concerns") { concerns { filed open answered medianDaysToFirstResponse overdue } } }`,
    );
    expect(complianceReport.concerns).toEqual({
      filed: 0,
      open: 0,
      answered: 0,
      medianDaysToFirstResponse: null,
      overdue: 0,
    });
  });

  it('counts a reopened concern as reopened and open, not answered, until it is answered again', async () => {
    const clock = api.app.get(RegistryClock);
    const start = Date.now();
    const figures = async () =>
      (await client.auditor.data(FIGURES)).concernFigures.find(
        (f: any) => f.department.slug === 'department-b',
      );
    jest.spyOn(clock, 'now').mockReturnValue(new Date(start - 50 * DAY));
    const { concern } = await file(entryB);
    jest.spyOn(clock, 'now').mockReturnValue(new Date(start - 48 * DAY));
    await client.editorB.data(RESPOND, { input: { id: concern.id, answer: 'Fixed.' } });
    jest.restoreAllMocks();
    const answered = await figures();
    await client.editorB.data(RESPOND, { input: { id: concern.id, status: 'UNDER_REVIEW' } });
    const reopened = await figures();
    expect(reopened).toMatchObject({
      filed: answered.filed,
      open: answered.open + 1,
      answered: answered.answered - 1,
      reopened: answered.reopened + 1,
      // Its earlier answer came within the target; it is not the concern's answer any more.
      answeredWithinTarget: answered.answeredWithinTarget - 1,
      // Filed 50 days ago and open again.
      openOverTarget: answered.openOverTarget + 1,
    });
    // Answered again now, 50 days after filing: answered, but not within the 30-day target.
    await client.editorB.data(RESPOND, { input: { id: concern.id, answer: 'Fixed for good.' } });
    expect(await figures()).toMatchObject({
      open: answered.open,
      answered: answered.answered,
      reopened: answered.reopened,
      answeredWithinTarget: answered.answeredWithinTarget - 1,
      openOverTarget: answered.openOverTarget,
    });
  });

  it('queues a search update only when the entry’s open concerns change: not for wording, publishing a text or an erasure', async () => {
    // The search document holds only whether concerns are open. A row queued for anything else
    // would show in /health's public outbox count that something private happened.
    const queued = async () =>
      Number(
        (
          await db.query(`SELECT count(*)::int AS n FROM search_outbox WHERE entry_id = $1`, [
            entryB,
          ])
        )[0].n,
      );
    const respond = (input: Record<string, unknown>) => client.editorB.data(RESPOND, { input });
    const start = await queued();
    const { concern, erasureCode } = await file(entryB);
    const filed = await queued();
    expect(filed).toBeGreaterThan(start);
    const steps: [string, () => Promise<unknown>, boolean][] = [
      [
        'acknowledged (still open)',
        () => respond({ id: concern.id, status: 'ACKNOWLEDGED' }),
        false,
      ],
      ['answered (closed)', () => respond({ id: concern.id, answer: 'Ett svar.' }), true],
      ['the answer reworded', () => respond({ id: concern.id, answer: 'Ett bättre svar.' }), false],
      ['the text published', () => respond({ id: concern.id, textPublishable: true }), false],
      ['the text unpublished', () => respond({ id: concern.id, textPublishable: false }), false],
      ['erased by the resident', () => client.anonymous.data(ERASE, { code: erasureCode }), false],
      ['reopened', () => respond({ id: concern.id, status: 'UNDER_REVIEW' }), true],
    ];
    for (const [step, run, queues] of steps) {
      const before = await queued();
      await run();
      expect({ step, queued: (await queued()) - before }).toEqual({ step, queued: queues ? 1 : 0 });
    }
  });

  it('keeps <script> inert: every answer is JSON carrying the characters as text', async () => {
    const { trackingCode, concern } = await file(entryA, { text: `Text ${SCRIPT}` });
    await client.editorA.data(RESPOND, {
      input: { id: concern.id, answer: `Answer ${SCRIPT}`, textPublishable: true },
    });
    const raw = async (token: string | undefined, query: string, variables: object) => {
      const response = await fetch(`${api.baseUrl}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      return JSON.parse(await response.text());
    };
    const tracked = await raw(undefined, TRACK, { code: trackingCode });
    expect(tracked.data.concern.answer).toBe(`Answer ${SCRIPT}`);
    const entry = await raw(undefined, ENTRY, { id: entryA });
    expect(entry.data.entry.publicConcerns).toContainEqual({
      answer: `Answer ${SCRIPT}`,
      residentText: `Text ${SCRIPT}`,
      rejectionReason: null,
    });
    const listed = await raw(tokens.editorA, LIST, { filter: { entryIds: [entryA] } });
    expect(listed.data.concerns.nodes.map((n: any) => n.text)).toContain(`Text ${SCRIPT}`);
  });

  it('gives the tracked concern’s entry as the public sees it to staff too, down to its versions', async () => {
    const id = await setup.published(EntryKind.ALGORITHM, 'Spårad post');
    await setup.edit(id, EntryKind.ALGORITHM, { summary: 'Arbetsversionens sammanfattning' });
    const { trackingCode } = await file(id);
    const TRACKED = `query($code: String!) { concern(trackingCode: $code) { entry {
      status summary isPublishedVersion draftRevisions { revision }
      versions { number entry { status } workflow { published { label } } valueAuthors { field } }
    } } }`;
    const anonymous = (await client.anonymous.data<any>(TRACKED, { code: trackingCode })).concern;
    for (const who of ['editorA', 'auditor', 'admin'] as const) {
      const seen = (await client[who].data<any>(TRACKED, { code: trackingCode })).concern;
      expect(seen).toEqual(anonymous);
    }
    expect(anonymous.entry).toMatchObject({
      status: 'PUBLISHED',
      isPublishedVersion: true,
      draftRevisions: null,
      versions: [{ number: 1, entry: { status: 'PUBLISHED' }, workflow: null, valueAuthors: null }],
    });
    expect(anonymous.entry.summary).not.toBe('Arbetsversionens sammanfattning');
  });

  it('goes on without a contact sealed under another INSYN_CONTACT_SECRET: listed, answered, not mailed', async () => {
    const id = await setup.published(EntryKind.ALGORITHM, 'Annan nyckel');
    const { concern } = await file(id);
    // As if sealed under another key: the value no longer opens. A byte of its authentication
    // tag flipped (XOR 0xFF); setting it to a fixed value left it unchanged one time in 256.
    await db.query(
      `UPDATE concern SET contact_sealed = set_byte(contact_sealed, 19, get_byte(contact_sealed, 19) # 255)
        WHERE id = $1`,
      [concern.id],
    );
    const mails = async () =>
      Number((await db.query(`SELECT count(*) AS n FROM mail_outbox`))[0].n);
    const before = await mails();
    const listed = await client.editorA.data<any>(LIST, { filter: { entryIds: [id] } });
    expect(listed.concerns.nodes).toEqual([
      expect.objectContaining({ id: concern.id, contactEmail: null }),
    ]);
    const responded = await client.editorA.data<any>(RESPOND, {
      input: { id: concern.id, status: 'ACKNOWLEDGED' },
    });
    expect(responded.respondToConcern.status).toBe('ACKNOWLEDGED');
    expect(await mails()).toBe(before);
  });
});
