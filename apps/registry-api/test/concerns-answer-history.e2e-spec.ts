import { DataSource } from 'typeorm';
import { EntryKind, RegistryClock } from '@insyn/registry';
import { createTestTokens, GraphQLClient, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness, Who } from './registry-api.harness';

const EVERYONE: Who[] = ['anonymous', 'editorA', 'editorB', 'reviewer', 'auditor', 'admin'];

const FILE = `mutation($input: FileConcernInput!) {
  fileConcern(input: $input) { trackingCode erasureCode concern { id } }
}`;
const ANSWERS = `status answer answeredAt answerAmendedAt
  earlierAnswers { answer answeredAt supersededAt supersededBecause }`;
const RESPOND = `mutation($input: RespondToConcernInput!) { respondToConcern(input: $input) { ${ANSWERS} } }`;
const TRACK = `query($code: String!) { concern(trackingCode: $code) { ${ANSWERS} } }`;
const PUBLIC = `query($id: ID!) { entry(id: $id) { publicConcerns { id ${ANSWERS} } } }`;
const LIST = `query($entryId: ID!) { concerns(filter: { entryIds: [$entryId] }, first: 100) { nodes { id ${ANSWERS} } } }`;
const ERASE = `mutation($code: String!) { eraseConcern(erasureCode: $code) { concern { ${ANSWERS} } } }`;
const FIGURES = `{ concernFigures { department { slug } answered reopened answeredWithinTarget } }`;
const REPORT = `{ complianceReport(departmentSlug: "department-b") { concerns { answered } } }`;
const DAY = 86_400_000;

/**
 * A concern's answers are kept, every wording: an amendment keeps when the concern was answered
 * and adds when the answer was amended; the wording it replaced, like an answer given before a
 * reopening, is an earlier answer, wherever the answer is shown and to whoever sees it.
 */
describe('concerns: the history of a department’s answers', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  let client: Record<Who, GraphQLClient>;
  let clock: RegistryClock;
  let entryA: string;
  let entryB: string;
  const start = Date.now() - 60 * DAY;
  const at = (days: number) => new Date(start + days * DAY);
  const iso = (days: number) => at(days).toISOString();
  const onDay = (days: number) => jest.spyOn(clock, 'now').mockReturnValue(at(days));

  beforeAll(async () => {
    const plenty = { points: 10_000, windowSeconds: 60 };
    api = await RegistryApiHarness.start(
      'concerns-answer-history',
      {},
      {
        concernThrottle: { filePerClient: plenty, fileGlobal: plenty, codeMissesPerClient: plenty },
      },
    );
    db = api.app.get(DataSource);
    clock = api.app.get(RegistryClock);
    tokens = await createTestTokens(db);
    client = api.clients(tokens);
    const setup = new EntrySetup(api.app, tokens);
    entryA = await setup.published(EntryKind.ALGORITHM, 'Svarshistorik A');
    entryB = await setup.published(EntryKind.ALGORITHM, 'Svarshistorik B', 'B');
  });
  afterAll(async () => {
    await api?.stop();
  });
  afterEach(() => jest.restoreAllMocks());

  const file = async (entryId = entryA) =>
    (
      await client.anonymous.data(FILE, {
        input: {
          entryId,
          principleCodes: ['ACCESS_AND_LITERACY'],
          category: 'ACCURACY',
          text: 'Which data does it use?',
          contactEmail: 'history@example.org',
          consentToPublish: true,
        },
      })
    ).fileConcern as { trackingCode: string; erasureCode: string; concern: { id: string } };
  const respond = (who: Who, input: Record<string, unknown>) =>
    client[who].request<any>(RESPOND, { input });
  const track = async (code: string) => (await client.anonymous.data(TRACK, { code })).concern;
  const publicOf = async (id: string, entryId = entryA, who: Who = 'anonymous') => {
    const { entry } = await client[who].data(PUBLIC, { id: entryId });
    const { id: _id, ...rest } = entry.publicConcerns.find((c: { id: string }) => c.id === id);
    return rest;
  };
  const listed = async (id: string, who: Who, entryId = entryA) => {
    const { concerns } = await client[who].data(LIST, { entryId });
    const node = concerns.nodes.find((c: { id: string }) => c.id === id);
    if (!node) return null;
    const { id: _id, ...rest } = node;
    return rest;
  };
  const historyRows = async (id: string) =>
    db.query(
      `SELECT answer, answered_at, answered_by_role, department_id, superseded_at, superseded_because
         FROM concern_answer WHERE concern_id = $1 ORDER BY number`,
      [id],
    );
  const auditCount = async () =>
    Number((await db.query('SELECT count(*) FROM audit_event'))[0].count);

  it('keeps answeredAt at an amendment, adds answerAmendedAt, and shows the replaced wording as an earlier answer', async () => {
    onDay(0);
    const { trackingCode, concern } = await file();
    onDay(1);
    await client.editorA.data(RESPOND, { input: { id: concern.id, answer: 'First wording.' } });
    onDay(2);
    const before = await auditCount();
    const amended = await respond('admin', { id: concern.id, answer: 'Second wording.' });
    expect(amended.errors).toBeUndefined();
    // The amendment is audited as before (an answer, the id and status only).
    expect(await auditCount()).toBe(before + 1);
    const expected = {
      status: 'ANSWERED',
      answer: 'Second wording.',
      answeredAt: iso(1),
      answerAmendedAt: iso(2),
      earlierAnswers: [
        {
          answer: 'First wording.',
          answeredAt: iso(1),
          supersededAt: iso(2),
          supersededBecause: 'AMENDED',
        },
      ],
    };
    expect(amended.data.respondToConcern).toEqual(expected);
    // The same on every surface that shows the answer: tracking, the entry, the staff list.
    expect(await track(trackingCode)).toEqual(expected);
    expect(await publicOf(concern.id)).toEqual(expected);
    expect(await listed(concern.id, 'editorA')).toEqual(expected);
    // Every wording is kept, with who answered: the department, and the role of the person.
    expect(await historyRows(concern.id)).toEqual([
      {
        answer: 'First wording.',
        answered_at: at(1),
        answered_by_role: 'EDITOR',
        department_id: tokens.departmentA.id,
        superseded_at: at(2),
        superseded_because: 'AMENDED',
      },
      {
        answer: 'Second wording.',
        answered_at: at(2),
        answered_by_role: 'ADMIN',
        department_id: tokens.departmentA.id,
        superseded_at: null,
        superseded_because: null,
      },
    ]);

    // The same wording again amends nothing: no new entry in the history, no audit row.
    onDay(3);
    const same = await auditCount();
    expect((await respond('editorA', { id: concern.id, answer: 'Second wording.' })).errors).toBe(
      undefined,
    );
    expect(await auditCount()).toBe(same);
    expect(await track(trackingCode)).toEqual(expected);

    // Reopened: no answer stands; both wordings are earlier answers, newest first.
    onDay(4);
    await client.editorA.data(RESPOND, { input: { id: concern.id, status: 'UNDER_REVIEW' } });
    const reopened = {
      status: 'UNDER_REVIEW',
      answer: null,
      answeredAt: null,
      answerAmendedAt: null,
      earlierAnswers: [
        {
          answer: 'Second wording.',
          answeredAt: iso(2),
          supersededAt: iso(4),
          supersededBecause: 'REOPENED',
        },
        ...expected.earlierAnswers,
      ],
    };
    expect(await track(trackingCode)).toEqual(reopened);
    expect(await publicOf(concern.id)).toEqual(reopened);

    // Answered again: a new answer, from now; the earlier ones all stay.
    onDay(5);
    await client.editorA.data(RESPOND, { input: { id: concern.id, answer: 'Third wording.' } });
    const again = {
      status: 'ANSWERED',
      answer: 'Third wording.',
      answeredAt: iso(5),
      answerAmendedAt: null,
      earlierAnswers: reopened.earlierAnswers,
    };
    expect(await track(trackingCode)).toEqual(again);
    expect(await publicOf(concern.id)).toEqual(again);
    expect(await listed(concern.id, 'auditor')).toEqual(again);
    // Closed after it: the answer still stands, with its history.
    onDay(6);
    await client.editorA.data(RESPOND, { input: { id: concern.id, status: 'CLOSED' } });
    expect(await track(trackingCode)).toEqual({ ...again, status: 'CLOSED' });
  });

  it('shows the history to whoever sees the answer, and lets only the answering roles add to it', async () => {
    const { trackingCode, concern } = await file();
    await client.editorA.data(RESPOND, { input: { id: concern.id, answer: 'Svar ett.' } });
    await client.editorA.data(RESPOND, { input: { id: concern.id, answer: 'Svar två.' } });
    const earlier = [
      expect.objectContaining({ answer: 'Svar ett.', supersededBecause: 'AMENDED' }),
    ];
    const tracked = await track(trackingCode);
    expect(tracked.earlierAnswers).toEqual(earlier);

    const LISTS: Record<Who, 'OK' | 'NULL' | 'UNAUTHENTICATED'> = {
      anonymous: 'UNAUTHENTICATED',
      editorA: 'OK',
      editorB: 'NULL',
      reviewer: 'OK',
      auditor: 'OK',
      admin: 'OK',
    };
    const AMENDS: Record<Who, string | undefined> = {
      anonymous: 'UNAUTHENTICATED',
      editorA: undefined,
      editorB: 'NOT_FOUND',
      reviewer: 'FORBIDDEN',
      auditor: 'FORBIDDEN',
      admin: undefined,
    };
    for (const who of EVERYONE) {
      // The entry's public answers: the same for everyone, the earlier wording included.
      expect(await publicOf(concern.id, entryA, who)).toEqual(tracked);
      // The tracking code shows it to whoever holds it.
      expect((await client[who].data(TRACK, { code: trackingCode })).concern).toEqual(tracked);
      // The staff list, as the matrix says.
      const list = await client[who].request<any>(LIST, { entryId: entryA });
      const outcome = list.errors
        ? list.errors[0].extensions?.code
        : list.data.concerns.nodes.some((n: { id: string }) => n.id === concern.id)
          ? 'OK'
          : 'NULL';
      expect([who, outcome]).toEqual([who, LISTS[who]]);
      if (outcome === 'OK') expect(await listed(concern.id, who)).toEqual(tracked);
    }
    // Amending: the owning editors and admins; refused ones add nothing to the history.
    for (const who of EVERYONE) {
      const rows = (await historyRows(concern.id)).length;
      const result = await respond(who, { id: concern.id, answer: `Amended by ${who}.` });
      expect([who, result.errors?.[0]?.extensions?.code]).toEqual([who, AMENDS[who]]);
      expect((await historyRows(concern.id)).length).toBe(rows + (AMENDS[who] ? 0 : 1));
    }
    expect((await track(trackingCode)).earlierAnswers.map((a: any) => a.answer)).toEqual([
      'Amended by editorA.',
      'Svar två.',
      'Svar ett.',
    ]);
  });

  it('lets a reopened concern closed without a new answer keep its answer standing, as the figures count it', async () => {
    onDay(0);
    const { trackingCode, concern } = await file();
    onDay(1);
    await client.editorA.data(RESPOND, { input: { id: concern.id, answer: 'Ursprungligt.' } });
    onDay(2);
    await client.editorA.data(RESPOND, { input: { id: concern.id, answer: 'Rättat.' } });
    onDay(3);
    await client.editorA.data(RESPOND, { input: { id: concern.id, status: 'UNDER_REVIEW' } });
    onDay(4);
    await client.editorA.data(RESPOND, { input: { id: concern.id, status: 'CLOSED' } });
    // CLOSED after an answer: it stands (counted answered), and is not also an earlier answer.
    const closed = {
      status: 'CLOSED',
      answer: 'Rättat.',
      answeredAt: iso(1),
      answerAmendedAt: iso(2),
      earlierAnswers: [
        {
          answer: 'Ursprungligt.',
          answeredAt: iso(1),
          supersededAt: iso(2),
          supersededBecause: 'AMENDED',
        },
      ],
    };
    expect(await track(trackingCode)).toEqual(closed);
    expect(await publicOf(concern.id)).toEqual(closed);
    expect(await listed(concern.id, 'admin')).toEqual(closed);
  });

  it('keeps the answers and their history when the resident erases the concern', async () => {
    const { trackingCode, erasureCode, concern } = await file();
    await client.editorA.data(RESPOND, { input: { id: concern.id, answer: 'Före.' } });
    await client.editorA.data(RESPOND, { input: { id: concern.id, answer: 'Efter.' } });
    const before = await track(trackingCode);
    const rows = await historyRows(concern.id);
    const erased = (await client.anonymous.data(ERASE, { code: erasureCode })).eraseConcern;
    expect(erased.concern).toEqual(before);
    expect(await track(trackingCode)).toEqual(before);
    expect(await publicOf(concern.id)).toEqual(before);
    expect(await historyRows(concern.id)).toEqual(rows);
    const [row] = await db.query('SELECT text FROM concern WHERE id = $1', [concern.id]);
    expect(row.text).toBeNull();
  });

  it('counts an amended answer once as answered, in the figures and the compliance report', async () => {
    const figures = async () =>
      (await client.auditor.data(FIGURES)).concernFigures.find(
        (f: any) => f.department.slug === 'department-b',
      );
    const report = async () => (await client.auditor.data(REPORT)).complianceReport.concerns;
    const figuresBefore = await figures();
    const reportBefore = await report();
    onDay(0);
    const { concern } = await file(entryB);
    onDay(2);
    await client.editorB.data(RESPOND, { input: { id: concern.id, answer: 'In time.' } });
    const answered = await figures();
    expect(answered).toMatchObject({
      answered: figuresBefore.answered + 1,
      answeredWithinTarget: figuresBefore.answeredWithinTarget + 1,
    });
    expect(await report()).toEqual({ answered: reportBefore.answered + 1 });
    // Amended 40 days after filing: still one answered concern; as before, the standing answer
    // counts from its last wording, now past the 30-day target.
    onDay(40);
    await client.editorB.data(RESPOND, { input: { id: concern.id, answer: 'Corrected.' } });
    expect(await figures()).toMatchObject({
      answered: answered.answered,
      reopened: answered.reopened,
      answeredWithinTarget: answered.answeredWithinTarget - 1,
    });
    expect(await report()).toEqual({ answered: reportBefore.answered + 1 });
  });

  it('records the language each answer and reason is written in, and marks each with it on the entry page', async () => {
    const LANGUAGES = `answer answerLanguage rejectionReason rejectionReasonLanguage
      earlierAnswers { answer language }`;
    const respondWith = (input: Record<string, unknown>) =>
      client.editorA.request<any>(
        `mutation($input: RespondToConcernInput!) { respondToConcern(input: $input) { ${LANGUAGES} } }`,
        { input },
      );
    const publicLanguages = async (id: string) =>
      (
        await client.anonymous.data(
          `query($id: ID!) { entry(id: $id) { publicConcerns { id ${LANGUAGES} } } }`,
          { id: entryA },
        )
      ).entry.publicConcerns.find((c: { id: string }) => c.id === id);
    const mails = async (id: string) =>
      Number(
        (
          await db.query(
            `SELECT count(*) FROM mail_outbox WHERE reference = $1 AND purpose LIKE 'concern-a%'`,
            [`concern:${id}`],
          )
        )[0].count,
      );
    // Filed in Swedish (the default); the department answers in English, and says so.
    const { concern } = await file();
    const answered = await respondWith({ id: concern.id, answer: 'In English.', language: 'EN' });
    expect(answered.errors).toBeUndefined();
    expect(answered.data.respondToConcern).toMatchObject({
      answer: 'In English.',
      answerLanguage: 'EN',
      earlierAnswers: [],
    });
    // An amendment keeps the answer's language unless told.
    await respondWith({ id: concern.id, answer: 'Still in English.' });
    // Then in Swedish, said so.
    await respondWith({ id: concern.id, answer: 'Nu på svenska.', language: 'SV' });
    const mailsBefore = await mails(concern.id);
    const [times] = await db.query(
      'SELECT answered_at, answer_amended_at, status_changed_at FROM concern WHERE id = $1',
      [concern.id],
    );
    const wordings = await historyRows(concern.id);
    const audited = await auditCount();
    // The same wording with another language corrects its language where it stands: no new
    // wording, no e-mail, the times the figures count from unchanged; audited.
    const mended = await respondWith({ id: concern.id, answer: 'Nu på svenska.', language: 'EN' });
    expect(mended.errors).toBeUndefined();
    expect(await mails(concern.id)).toBe(mailsBefore);
    expect(await historyRows(concern.id)).toEqual(wordings);
    expect(
      await db.query(
        'SELECT answered_at, answer_amended_at, status_changed_at FROM concern WHERE id = $1',
        [concern.id],
      ),
    ).toEqual([times]);
    expect(await auditCount()).toBe(audited + 1);
    const expected = {
      answer: 'Nu på svenska.',
      answerLanguage: 'EN',
      rejectionReason: null,
      rejectionReasonLanguage: null,
      earlierAnswers: [
        { answer: 'Still in English.', language: 'EN' },
        { answer: 'In English.', language: 'EN' },
      ],
    };
    expect(mended.data.respondToConcern).toEqual(expected);
    expect(await publicLanguages(concern.id)).toEqual({ id: concern.id, ...expected });
    // Nothing changes when it is given again as it stands.
    const again = await respondWith({ id: concern.id, answer: 'Nu på svenska.', language: 'EN' });
    expect(again.data.respondToConcern).toEqual(expected);
    expect(await auditCount()).toBe(audited + 1);
    // The status it has, with a language, corrects it the same way (and back).
    const byStatus = await respondWith({ id: concern.id, status: 'ANSWERED', language: 'SV' });
    expect(byStatus.data.respondToConcern).toMatchObject({ answerLanguage: 'SV' });
    expect(
      await db.query(
        'SELECT language FROM concern_answer WHERE concern_id = $1 AND superseded_at IS NULL',
        [concern.id],
      ),
    ).toEqual([{ language: 'sv' }]);
    await respondWith({ id: concern.id, status: 'ANSWERED', language: 'EN' });

    // A rejection reason in English on a Swedish concern; without `language`, the concern's.
    const rejectedEn = (await file()).concern.id;
    const rejection = await respondWith({
      id: rejectedEn,
      status: 'REJECTED',
      reason: 'Out of scope.',
      language: 'EN',
    });
    expect(rejection.data.respondToConcern).toMatchObject({
      rejectionReason: 'Out of scope.',
      rejectionReasonLanguage: 'EN',
      answerLanguage: null,
    });
    const rejectedSv = (await file()).concern.id;
    await respondWith({ id: rejectedSv, status: 'REJECTED', reason: 'Utanför.' });
    expect(await publicLanguages(rejectedSv)).toMatchObject({ rejectionReasonLanguage: 'SV' });

    // The Swedish entry page marks each English text as English, and the Swedish ones not at all.
    const [{ slug }] = await db.query('SELECT slug FROM entry WHERE id = $1', [entryA]);
    const html = await (await fetch(`${api.baseUrl}/sv/entries/${slug}`)).text();
    // The language of the first element whose text it is (the standing answer comes first).
    const marked = (text: string) => {
      const attributes = new RegExp(`<(?:span|p)([^>]*)>${text}<`).exec(html)?.[1];
      expect(attributes).toBeDefined();
      return / lang="(\w+)"/.exec(attributes!)?.[1] ?? null;
    };
    expect(marked('Nu på svenska.')).toBe('en');
    expect(marked('Out of scope.')).toBe('en');
    expect(marked('Utanför.')).toBeNull();
    expect(html).toMatch(/<span class="text" dir="auto" lang="en">In English\.</);
  });

  it('refuses a language that belongs to no answer or reason, naming the field, and writes nothing', async () => {
    const { concern } = await file();
    const before = await auditCount();
    for (const input of [
      { id: concern.id, language: 'EN' },
      { id: concern.id, status: 'ACKNOWLEDGED', language: 'EN' },
    ]) {
      const refused = await respond('editorA', input);
      expect(refused.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(JSON.stringify(refused.errors![0].extensions)).toContain('input.language');
    }
    const wrongValue = await respond('editorA', { id: concern.id, answer: 'x', language: 'DE' });
    expect(wrongValue.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await auditCount()).toBe(before);
    expect(await historyRows(concern.id)).toEqual([]);
  });
});
