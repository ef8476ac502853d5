import pino from 'pino';
import { DataSource } from 'typeorm';
import { AuditChainVerifier } from '@insyn/audit';
import { ConcernsWorker } from '@insyn/concerns';
import { createMailSender } from '@insyn/mail';
import { ContentLanguage, EntryKind, RegistryClock } from '@insyn/registry';
import { SearchIndexer, SearchRuntime } from '@insyn/search';
import {
  createTestTokens,
  dumpDatabase,
  GraphQLClient,
  LogCapture,
  TestSmtpServer,
  TestTokens,
} from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness, TEST_CONTACT_SECRET } from './registry-api.harness';

const FILE = `mutation($input: FileConcernInput!) {
  fileConcern(input: $input) {
    trackingCode erasureCode
    concern { id status category filedAt principles { code } entry { id title } }
  }
}`;
const TRACK = `query($code: String!) {
  concern(trackingCode: $code) {
    id status filedAt firstResponseAt answeredAt closedAt answer rejectionReason erasedAt
    entry { id title }
  }
}`;
const LIST = `query($filter: ConcernFilterInput, $first: Int, $after: String) {
  concerns(filter: $filter, first: $first, after: $after) {
    nodes { id status text contactEmail hadContact consentToPublish textPublishable language answer
            department { slug } entry { id } principles { code } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const RESPOND = `mutation($input: RespondToConcernInput!) {
  respondToConcern(input: $input) { id status answer textPublishable contactEmail firstResponseAt answeredAt }
}`;
const ENTRY = `query($id: ID!) {
  entry(id: $id) {
    id concernCounts { open answered }
    publicConcerns { id status category answer residentText rejectionReason principles { code } }
  }
}`;
const ERASE = `mutation($code: String!) { eraseConcern(erasureCode: $code) { erasedAt concern { id status answer erasedAt } } }`;
const SEARCH_OPEN = `query($open: Boolean) { search(filter: { hasOpenConcerns: $open }) { hits { id } } }`;

const EMAIL = 'resident.journey@example.org';
const TEXT = 'The parking cameras keep my plate <script>alert("concern")</script> for a year.';
const ANSWER = 'We have checked: plates are kept for 24 hours. <script>alert("answer")</script>';
const AMENDED = 'We have checked again: plates are kept for 12 hours, then deleted.';

/**
 * The whole resident journey over GraphQL: file → track → acknowledge → answer → the answer on
 * the entry → e-mails at a real SMTP server → erase, with the search flag, the audit log, a dump
 * of the database and the captured logs checked on the way.
 */
describe('a resident’s concern, from filing to erasure', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  let setup: EntrySetup;
  let smtp: TestSmtpServer;
  let worker: ConcernsWorker;
  let indexer: SearchIndexer;
  let anonymous: GraphQLClient;
  let editorA: GraphQLClient;
  const logs = new LogCapture();
  let entryId: string;
  let receipt: { trackingCode: string; erasureCode: string; concern: { id: string } };

  beforeAll(async () => {
    smtp = await new TestSmtpServer().start();
    api = await RegistryApiHarness.start(
      'concerns-journey',
      { LOG_LEVEL: 'trace', INSYN_PUBLIC_URL: 'https://insyn.example.org' },
      { logDestination: logs, log: pino({ level: 'trace' }, logs) },
    );
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    setup = new EntrySetup(api.app, tokens);
    anonymous = api.graphql();
    editorA = api.graphql(tokens.editorA);
    // With an English title: the English resident's mail names the entry by it.
    entryId = await setup.published(EntryKind.ALGORITHM, 'Parkeringskameror', 'A', {
      translations: [{ language: ContentLanguage.en, title: 'Parking cameras' }],
    });
    worker = new ConcernsWorker(db, {
      contactSecret: TEST_CONTACT_SECRET,
      sender: createMailSender({
        smtpUrl: smtp.url,
        directory: '/nonexistent',
        from: 'Insyn <insyn@example.org>',
      }),
      log: pino({ level: 'trace' }, logs),
      retentionDays: 30,
      clock: api.app.get(RegistryClock),
    });
    indexer = new SearchIndexer(db, api.app.get(SearchRuntime), { verifyIntervalMs: 0 });
  });
  afterAll(async () => {
    await worker?.stop();
    await api?.stop();
    await smtp?.stop();
  });

  const concernRows = async () => Number((await db.query('SELECT count(*) FROM concern'))[0].count);
  const filedEvents = async () =>
    Number(
      (await db.query(`SELECT count(*) FROM audit_event WHERE action = 'CONCERN_FILED'`))[0].count,
    );
  const openInSearch = async (open: boolean) => {
    await indexer.drain();
    const data = await anonymous.data<{ search: { hits: { id: string }[] } }>(SEARCH_OPEN, {
      open,
    });
    return data.search.hits.map((h) => h.id);
  };

  it('files a concern anonymously and returns a receipt with two different codes', async () => {
    expect(await openInSearch(true)).not.toContain(entryId);
    const data = await anonymous.data(FILE, {
      input: {
        entryId,
        principleCodes: ['PRIVACY_AND_SECURITY', 'TRANSPARENCY_AND_NON_DISCRIMINATION'],
        category: 'PRIVACY',
        text: `  ${TEXT}\r\n`,
        contactEmail: EMAIL,
        language: 'EN',
        consentToPublish: true,
      },
    });
    receipt = data.fileConcern;
    expect(receipt.trackingCode).toMatch(/^([0-9A-Z]{5}-){4}[0-9A-Z]{5}$/);
    expect(receipt.erasureCode).not.toBe(receipt.trackingCode);
    expect(data.fileConcern.concern).toMatchObject({
      status: 'RECEIVED',
      category: 'PRIVACY',
      entry: { id: entryId, title: 'Parkeringskameror' },
    });
    // Only hashes of the codes and a sealed contact are stored.
    const [row] = await db.query(
      'SELECT text, tracking_hash, erasure_hash, contact_sealed FROM concern WHERE id = $1',
      [receipt.concern.id],
    );
    expect(row.text).toBe(TEXT);
    for (const code of [receipt.trackingCode, receipt.erasureCode]) {
      expect(JSON.stringify(row)).not.toContain(code.replace(/-/g, ''));
      expect(JSON.stringify(row)).not.toContain(code);
    }
    expect(Buffer.from(row.contact_sealed).toString('latin1')).not.toContain('resident');
    // The entry now has an open concern: the search document says so.
    expect(await openInSearch(true)).toContain(entryId);
  });

  it('tracks by code (dashes and case do not matter); a wrong code reads as null, a malformed one is refused', async () => {
    const tracked = await anonymous.data(TRACK, {
      code: receipt.trackingCode.toLowerCase().replace(/-/g, ' '),
    });
    expect(tracked.concern).toMatchObject({ id: receipt.concern.id, status: 'RECEIVED' });
    expect(JSON.stringify(tracked)).not.toContain(EMAIL);
    expect((await anonymous.data(TRACK, { code: receipt.erasureCode })).concern).toBeNull();
    const malformed = await anonymous.request(TRACK, { code: 'not a code' });
    expect(malformed.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'trackingCode' }],
    });
  });

  it('refuses drafts, unknown entries and bad input with BAD_USER_INPUT naming the field, writing nothing', async () => {
    const draftId = await setup.draft(EntryKind.ALGORITHM, 'Ett utkast');
    const before = await concernRows();
    const base = {
      entryId,
      principleCodes: ['PRIVACY_AND_SECURITY'],
      category: 'OTHER',
      text: 'A concern',
      consentToPublish: false,
    };
    const cases: [Record<string, unknown>, string][] = [
      [{ entryId: draftId }, 'input.entryId'],
      [{ entryId: '00000000-0000-4000-8000-000000000000' }, 'input.entryId'],
      [{ text: 'bell \u0007 here' }, 'input.text'],
      [{ text: 'half \ud800 surrogate' }, 'input.text'],
      [{ text: '   ' }, 'input.text'],
      // Only characters that do not show: zero-width space, joiner, word joiner, soft hyphen.
      [{ text: '\u200b \u200d\u2060\u00ad\ufeff' }, 'input.text'],
      [{ text: 'x'.repeat(4001) }, 'input.text'],
      [{ contactEmail: 'not an address' }, 'input.contactEmail'],
      [{ contactEmail: 'a@b.c' }, 'input.contactEmail'],
      [{ principleCodes: [] }, 'input.principleCodes'],
      [
        { principleCodes: ['PRIVACY_AND_SECURITY', 'PRIVACY_AND_SECURITY'] },
        'input.principleCodes',
      ],
    ];
    for (const [change, field] of cases) {
      const result = await anonymous.request(FILE, { input: { ...base, ...change } });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.fields?.map((f) => f.field)).toContain(field);
      // Plain words, not the validation library's defaults ("at least 1 elements").
      expect(result.errors?.[0]?.message).not.toMatch(/elements|'s\b/);
      if (field === 'input.contactEmail')
        expect(result.errors?.[0]?.extensions?.fields).toEqual([
          { field, message: 'contactEmail must be an e-mail address' },
        ]);
    }
    // Characters that do not show, in the local part or the domain, and a domain label mixing
    // Latin and Cyrillic letters: the address the department would see is not the one mailed.
    for (const [contactEmail, message] of [
      [
        'a\u200b@x.se',
        'contactEmail must be an e-mail address without characters that do not show (U+200B at position 2)',
      ],
      [
        'a@x.se\u200b',
        'contactEmail must be an e-mail address without characters that do not show (U+200B at position 7)',
      ],
      [
        'a@x\ufeff.se',
        'contactEmail must be an e-mail address without characters that do not show (U+FEFF at position 4)',
      ],
      [
        'a@\u0435xempel.se',
        'contactEmail must be an e-mail address whose domain does not mix Latin and Cyrillic letters in one part',
      ],
      // Control characters: NUL, BEL, DEL and C1 by the text rule every string meets first,
      // a tab (which that rule lets through) by the address's own; each named, counted in
      // characters (the emoji is one).
      [
        'namn\u0000@x.se',
        'contactEmail must not contain control characters other than tab and newline (U+0000 at position 5)',
      ],
      [
        'namn@x\u0007.se',
        'contactEmail must not contain control characters other than tab and newline (U+0007 at position 7)',
      ],
      [
        '😀a\u007f@x.se',
        'contactEmail must not contain control characters other than tab and newline (U+007F at position 3)',
      ],
      [
        'a@x.se\u0085',
        'contactEmail must not contain control characters other than tab and newline (U+0085 at position 7)',
      ],
      [
        'na\tmn@x.se',
        'contactEmail must be an e-mail address without control characters (U+0009 at position 3)',
      ],
    ]) {
      const result = await anonymous.request(FILE, { input: { ...base, contactEmail } });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.fields).toEqual([
        { field: 'input.contactEmail', message },
      ]);
    }
    // An id of no entry reads alike whatever its UUID's version (entry(id) reads each as none):
    // not "must be a UUID" for the nil UUID or a version 0 one.
    const unknown = async (id: string) =>
      (await anonymous.request(FILE, { input: { ...base, entryId: id } })).errors?.[0]?.extensions
        ?.fields;
    const told = await unknown('00000000-0000-4000-8000-000000000000');
    for (const id of [
      '00000000-0000-0000-0000-000000000000',
      '12345678-1234-0234-c234-123456789012',
      'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
    ])
      expect(await unknown(id)).toEqual(told);
    expect(await concernRows()).toBe(before);
    // Nor an audit row: a refused filing did not happen.
    expect(await filedEvents()).toBe(1);
  });

  it('shows the owning editors the text and e-mail; auditors the text without the e-mail', async () => {
    const mine = (await editorA.data(LIST, {})).concerns.nodes;
    expect(mine).toEqual([
      expect.objectContaining({
        id: receipt.concern.id,
        text: TEXT,
        contactEmail: EMAIL,
        language: 'EN',
        department: { slug: 'department-a' },
      }),
    ]);
    const audited = (await api.graphql(tokens.auditor).data(LIST, {})).concerns.nodes;
    expect(audited[0]).toMatchObject({ id: receipt.concern.id, text: TEXT, contactEmail: null });
  });

  it('refuses a cursor it did not write, an impossible date in it included, naming after', async () => {
    const forged = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    const id = receipt.concern.id;
    for (const parts of [
      ['concern', '2026-02-30T00:00:00.000Z', id],
      ['concern', 'Dec 3 2026', id],
      // PostgreSQL has no year 0.
      ['concern', '0000-01-01T00:00:00.000Z', id],
      ['concern', '2026-12-03T00:00:00.000Z', id, 'x'],
      ['concern', '2026-12-03T00:00:00.000Z'],
    ]) {
      const result = await editorA.request(LIST, { after: forged(parts) });
      expect({ parts, code: result.errors?.[0]?.extensions?.code }).toEqual({
        parts,
        code: 'BAD_USER_INPUT',
      });
      expect(result.errors?.[0]?.extensions?.fields?.map((f) => f.field)).toEqual(['after']);
    }
    // What the list writes, it reads.
    const first = await editorA.data(LIST, { first: 1 });
    expect(first.concerns.pageInfo.endCursor).toEqual(expect.any(String));
    const next = await editorA.data(LIST, { first: 1, after: first.concerns.pageInfo.endCursor });
    expect(next.concerns.nodes).toEqual([]);
  });

  it('acknowledges: the resident gets an e-mail in English with the tracking link', async () => {
    const ack = await editorA.data(RESPOND, {
      input: { id: receipt.concern.id, status: 'ACKNOWLEDGED' },
    });
    expect(ack.respondToConcern).toMatchObject({ status: 'ACKNOWLEDGED', contactEmail: EMAIL });
    // The outbox holds the message sealed: neither the address nor the code is readable.
    const pending = await db.query('SELECT payload FROM mail_outbox WHERE sent_at IS NULL');
    expect(pending).toHaveLength(1);
    const sealed = Buffer.from(pending[0].payload).toString('latin1');
    expect(sealed).not.toContain('resident');
    expect(sealed).not.toContain(receipt.trackingCode);

    expect(await worker.mail.drain()).toMatchObject({ sent: 1 });
    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail.to).toEqual([EMAIL]);
    expect(mail.contentLanguage).toBe('en');
    expect(mail.subject).toBe('Your question about “Parking cameras” has been acknowledged');
    // The tracking page in the resident's language, and the code beside it, never in the
    // address (the page takes it by POST: no logs, proxies or histories hold it).
    expect(mail.text).toContain(
      `https://insyn.example.org/en/concerns/track\nYour code to follow the question: ${receipt.trackingCode}\n`,
    );
    // Where the erasure code erases the text and the address, and when retention does.
    expect(mail.text).toContain(
      'It is erased 30 days after the question is answered or closed (if it is reopened, from when it is answered or closed again), or at once with the code to erase the question, which you were given when you sent it, here:\nhttps://insyn.example.org/en/concerns/erase\n',
    );
    expect(mail.text).not.toMatch(/\?code=/);
    expect(mail.html).toBe(false);
    expect(mail.contentType).toBe('text/plain');
    // Sent: the payload is gone.
    expect(await db.query('SELECT payload FROM mail_outbox')).toEqual([{ payload: null }]);
    expect((await anonymous.data(TRACK, { code: receipt.trackingCode })).concern).toMatchObject({
      status: 'ACKNOWLEDGED',
      firstResponseAt: expect.any(String),
    });
  });

  it('answers, and the answer appears on the entry; the resident gets it by e-mail', async () => {
    // An answer or a reason that shows nothing is no answer.
    for (const input of [{ answer: '\u200b\u200b' }, { status: 'REJECTED', reason: '\u200b' }]) {
      const refused = await editorA.request(RESPOND, {
        input: { id: receipt.concern.id, ...input },
      });
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toContain(
        'must not be empty (it holds only characters that do not show)',
      );
    }
    const answered = await editorA.data(RESPOND, {
      input: { id: receipt.concern.id, answer: ANSWER, textPublishable: true },
    });
    expect(answered.respondToConcern).toMatchObject({
      status: 'ANSWERED',
      answer: ANSWER,
      textPublishable: true,
    });
    const entry = (await anonymous.data(ENTRY, { id: entryId })).entry;
    expect(entry.concernCounts).toEqual({ open: 0, answered: 1 });
    expect(entry.publicConcerns).toEqual([
      {
        id: receipt.concern.id,
        status: 'ANSWERED',
        category: 'PRIVACY',
        answer: ANSWER,
        residentText: TEXT,
        rejectionReason: null,
        principles: [
          { code: 'PRIVACY_AND_SECURITY' },
          { code: 'TRANSPARENCY_AND_NON_DISCRIMINATION' },
        ],
      },
    ]);
    // Nothing open any more.
    expect(await openInSearch(true)).not.toContain(entryId);
    expect(await openInSearch(false)).toContain(entryId);

    await worker.mail.drain();
    expect(smtp.messages).toHaveLength(2);
    const mail = smtp.messages[1];
    expect(mail.subject).toBe('Answer to your question about “Parking cameras”');
    expect(mail.text).toContain(ANSWER);
    expect(mail.text).toContain(receipt.trackingCode);
    expect(mail.html).toBe(false);
  });

  it('amends the answer: the resident gets an e-mail with the new wording; the same wording again sends none', async () => {
    const amended = await editorA.data(RESPOND, {
      input: { id: receipt.concern.id, answer: AMENDED },
    });
    expect(amended.respondToConcern).toMatchObject({ status: 'ANSWERED', answer: AMENDED });
    // Sealed in the outbox, as every message to a resident: neither the address nor the code.
    const pending = await db.query(
      'SELECT purpose, reference, payload FROM mail_outbox WHERE sent_at IS NULL',
    );
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({
      purpose: 'concern-amended',
      reference: `concern:${receipt.concern.id}`,
    });
    const sealed = Buffer.from(pending[0].payload).toString('latin1');
    expect(sealed).not.toContain('resident');
    expect(sealed).not.toContain(receipt.trackingCode);
    expect(sealed).not.toContain('12 hours');

    // An amendment waits a quiet period before it goes out (a later one within it replaces it),
    // so that amending again and again does not fill the resident's inbox.
    const [{ waits }] = await db.query(
      `SELECT extract(epoch FROM available_at - now())::int AS waits FROM mail_outbox WHERE sent_at IS NULL`,
    );
    expect(waits).toBeGreaterThan(9 * 60);
    expect(waits).toBeLessThanOrEqual(10 * 60);
    expect(await worker.mail.drain()).toMatchObject({ sent: 0 });
    expect(smtp.messages).toHaveLength(2);
    await db.query(`UPDATE mail_outbox SET available_at = now() WHERE sent_at IS NULL`);

    expect(await worker.mail.drain()).toMatchObject({ sent: 1 });
    expect(smtp.messages).toHaveLength(3);
    const mail = smtp.messages[2];
    expect(mail.to).toEqual([EMAIL]);
    expect(mail.contentLanguage).toBe('en');
    expect(mail.subject).toBe('Amended answer to your question about “Parking cameras”');
    expect(mail.text).toContain(
      `Department A has amended its answer to your question about “Parking cameras”. The new answer:\n\n${AMENDED}\n`,
    );
    expect(mail.text).toContain(
      'The earlier answer is still shown where you follow your question.',
    );
    expect(mail.text).not.toContain('24 hours');
    expect(mail.text).toContain(
      `https://insyn.example.org/en/concerns/track\nYour code to follow the question: ${receipt.trackingCode}\n`,
    );
    expect(mail.text).toContain('https://insyn.example.org/en/concerns/erase\n');
    expect(mail.text).not.toMatch(/\?code=/);
    expect(mail.html).toBe(false);

    // The same wording again amends nothing, and so tells the resident nothing.
    const outbox = async () =>
      Number((await db.query('SELECT count(*) FROM mail_outbox'))[0].count);
    const before = await outbox();
    await editorA.data(RESPOND, { input: { id: receipt.concern.id, answer: `  ${AMENDED}\n` } });
    expect(await outbox()).toBe(before);
    expect(await worker.mail.drain()).toMatchObject({ sent: 0 });
    expect(smtp.messages).toHaveLength(3);
  });

  it('records every status change and answer in the audit log with the id and status only', async () => {
    const events: { action: string; details: Record<string, unknown> }[] = await db.query(
      `SELECT action, details FROM audit_event WHERE action LIKE 'CONCERN_%' ORDER BY id`,
    );
    expect(events).toEqual([
      { action: 'CONCERN_FILED', details: { concernId: receipt.concern.id, status: 'RECEIVED' } },
      {
        action: 'CONCERN_STATUS_CHANGED',
        details: { concernId: receipt.concern.id, status: 'ACKNOWLEDGED' },
      },
      {
        action: 'CONCERN_ANSWERED',
        details: { concernId: receipt.concern.id, status: 'ANSWERED' },
      },
      {
        action: 'CONCERN_TEXT_PUBLICATION_CHANGED',
        details: { concernId: receipt.concern.id, status: 'ANSWERED', textPublishable: true },
      },
      // The amendment (once: the same wording again changed nothing), told from a first answer.
      {
        action: 'CONCERN_ANSWERED',
        details: { concernId: receipt.concern.id, status: 'ANSWERED', amended: true },
      },
    ]);
  });

  it('erases the text and e-mail everywhere; the answer stays, and the codes still work', async () => {
    const erased = await anonymous.data(ERASE, { code: receipt.erasureCode });
    expect(erased.eraseConcern).toMatchObject({
      erasedAt: expect.any(String),
      concern: { id: receipt.concern.id, status: 'ANSWERED', answer: AMENDED },
    });
    const entry = (await anonymous.data(ENTRY, { id: entryId })).entry;
    expect(entry.publicConcerns[0]).toMatchObject({ answer: AMENDED, residentText: null });
    const staff = (await editorA.data(LIST, {})).concerns.nodes[0];
    expect(staff).toMatchObject({ text: null, contactEmail: null, hadContact: true });
    expect(
      (await anonymous.data(TRACK, { code: receipt.trackingCode })).concern.erasedAt,
    ).toBeTruthy();
    // The address is gone: an amendment after the erasure is told to no one.
    await editorA.data(RESPOND, {
      input: { id: receipt.concern.id, answer: `${AMENDED} Checked a third time.` },
    });
    expect(await db.query('SELECT id FROM mail_outbox WHERE sent_at IS NULL')).toEqual([]);
    // Erasing again is harmless; a wrong code is NOT_FOUND.
    expect((await anonymous.request(ERASE, { code: receipt.erasureCode })).errors).toBeUndefined();
    expect(await anonymous.errorCodes(ERASE, { code: receipt.trackingCode })).toEqual([
      'NOT_FOUND',
    ]);
  });

  it('records the filing and the erasure as the resident’s: the id, entry and status only, and the chain holds', async () => {
    const rows: Record<string, unknown>[] = await db.query(
      `SELECT action, actor_label, actor_role, actor_token_id, entry_id, department_id, details
         FROM audit_event WHERE details->>'concernId' = $1 AND action IN ('CONCERN_FILED', 'CONCERN_ERASED')
        ORDER BY id`,
      [receipt.concern.id],
    );
    const resident = {
      actor_label: 'resident',
      actor_role: 'RESIDENT',
      actor_token_id: null,
      entry_id: entryId,
      department_id: tokens.departmentA.id,
    };
    // Erased twice, recorded once: the second erasure changed nothing.
    expect(rows).toEqual([
      {
        ...resident,
        action: 'CONCERN_FILED',
        details: { concernId: receipt.concern.id, status: 'RECEIVED' },
      },
      {
        ...resident,
        action: 'CONCERN_ERASED',
        details: { concernId: receipt.concern.id, status: 'ANSWERED' },
      },
    ]);
    const text = JSON.stringify(await db.query('SELECT * FROM audit_event'));
    expect(text).not.toContain('keep my plate');
    expect(text).not.toContain('resident.journey');
    expect(text).not.toContain(receipt.trackingCode);
    expect(text).not.toContain(receipt.erasureCode);
    // Auditors read them through the API, the resident's role and all.
    const log = await api
      .graphql(tokens.auditor)
      .data<any>(
        `query($id: ID!) { auditLog(filter: { entryId: $id }) { nodes { action actorLabel actorRole actorTokenId } } }`,
        { id: entryId },
      );
    expect(log.auditLog.nodes.filter((n: any) => n.actorRole === 'RESIDENT')).toEqual([
      {
        action: 'CONCERN_ERASED',
        actorLabel: 'resident',
        actorRole: 'RESIDENT',
        actorTokenId: null,
      },
      {
        action: 'CONCERN_FILED',
        actorLabel: 'resident',
        actorRole: 'RESIDENT',
        actorTokenId: null,
      },
    ]);
    expect(await new AuditChainVerifier(db).verify()).toMatchObject({
      intact: true,
      breakCount: 0,
    });
  });

  it('leaves neither the text nor the e-mail in a dump of the database, nor in the logs', async () => {
    const { text: dump } = await dumpDatabase(api.database.migrationUrl);
    expect(dump).toContain(ANSWER.slice(0, 30));
    expect(dump).not.toContain('keep my plate');
    expect(dump).not.toContain(EMAIL);
    expect(dump).not.toContain('resident.journey');
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.text).not.toContain('keep my plate');
    expect(logs.text).not.toContain('resident.journey');
    expect(logs.text).not.toContain(receipt.trackingCode);
  });
});
