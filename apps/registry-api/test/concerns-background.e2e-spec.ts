import { spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { ConcernsService, ConcernsWorker } from '@insyn/concerns';
import { createMailSender, MailSender } from '@insyn/mail';
import { EntryKind, RegistryClock } from '@insyn/registry';
import {
  createTestTokens,
  dumpDatabase,
  eventually,
  TestSmtpServer,
  TestTokens,
} from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness, TEST_CONTACT_SECRET } from './registry-api.harness';

const FILE = `mutation($input: FileConcernInput!) {
  fileConcern(input: $input) { trackingCode erasureCode concern { id } }
}`;
const RESPOND = `mutation($input: RespondToConcernInput!) { respondToConcern(input: $input) { id status } }`;
const ERASE = `mutation($code: String!) { eraseConcern(erasureCode: $code) { erasedAt } }`;
const LIST = `{ concerns { nodes { id contactEmail contactErasedAt hadContact status } } }`;
const DAY = 86_400_000;

/** The concerns' background work: e-mail across a crash, the .eml default, contact retention. */
describe('concerns in the background', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  let entryId: string;
  let smtp: TestSmtpServer;
  const workers: ConcernsWorker[] = [];
  let filed = 0;

  const worker = (sender: MailSender, log = pino({ level: 'silent' })) => {
    const made = new ConcernsWorker(db, {
      contactSecret: TEST_CONTACT_SECRET,
      sender,
      log,
      retentionDays: 30,
      clock: api.app.get(RegistryClock),
      pollIntervalMs: 20,
      mailFolderSweepIntervalMs: 20,
    });
    workers.push(made);
    return made;
  };
  const file = async (email: string) =>
    (
      await api.graphql().data(FILE, {
        input: {
          entryId,
          principleCodes: ['PRIVACY_AND_SECURITY'],
          category: 'ACCURACY',
          text: `A concern about the readings (${++filed})`,
          contactEmail: email,
          language: 'SV',
          consentToPublish: false,
        },
      })
    ).fileConcern as { trackingCode: string; erasureCode: string; concern: { id: string } };
  const respond = (id: string, status: string, extra: Record<string, unknown> = {}) =>
    api.graphql(tokens.editorA).data(RESPOND, { input: { id, status, ...extra } });

  beforeAll(async () => {
    // More filings than one client's hourly budget of ten.
    const plenty = { points: 1000, windowSeconds: 3600 };
    api = await RegistryApiHarness.start(
      'concerns-background',
      {},
      {
        concernThrottle: { filePerClient: plenty, fileGlobal: plenty, codeMissesPerClient: plenty },
      },
    );
    db = api.app.get(DataSource);
    tokens = await createTestTokens(db);
    entryId = await new EntrySetup(api.app, tokens).published(EntryKind.DATASET, 'Luftkvalitet');
    smtp = await new TestSmtpServer().start();
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await api?.stop();
    await smtp?.stop();
  });
  afterEach(() => jest.restoreAllMocks());

  /** Runs the dispatcher in a child process; resolves with how it ended. */
  const child = async (mode?: string) => {
    const proc = spawn(
      process.execPath,
      [
        '-r',
        join(__dirname, 'fixtures/register-ts.js'),
        join(__dirname, 'fixtures/mail-dispatcher-child.ts'),
        api.database.url,
        smtp.url,
        TEST_CONTACT_SECRET,
        ...(mode ? [mode] : []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code, signal] = (await once(proc, 'exit')) as [number | null, string | null];
    return { code, signal, output };
  };

  it('sends a notification pending when the process was killed exactly once after the restart', async () => {
    const { concern } = await file('crash.test@example.org');
    await respond(concern.id, 'ACKNOWLEDGED');
    const [row] = await db.query('SELECT id, message_id FROM mail_outbox WHERE sent_at IS NULL');

    // Killed after the server accepted the message, before it was marked sent.
    const crashed = await child('crash-after-send');
    expect(crashed.signal).toBe('SIGKILL');
    expect(smtp.deliveries.map((d) => d.messageId)).toEqual([`<${row.message_id}>`]);
    const [pending] = await db.query(
      'SELECT sent_at, payload IS NOT NULL AS has_payload FROM mail_outbox WHERE id = $1',
      [row.id],
    );
    expect(pending).toEqual({ sent_at: null, has_payload: true });

    // Restarted: the message goes again, with the same Message-ID: one message for the receiver.
    const restarted = await child();
    expect(restarted).toMatchObject({ code: 0, signal: null });
    expect(restarted.output).toContain('done');
    expect(smtp.deliveries).toHaveLength(2);
    expect(new Set(smtp.deliveries.map((d) => d.messageId)).size).toBe(1);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].to).toEqual(['crash.test@example.org']);
    expect(smtp.messages[0].contentLanguage).toBe('sv');
    expect(smtp.messages[0].subject).toBe('Din fråga om ”Luftkvalitet” har tagits emot');
    const [sent] = await db.query('SELECT sent_at, payload FROM mail_outbox WHERE id = $1', [
      row.id,
    ]);
    expect(sent.sent_at).not.toBeNull();
    expect(sent.payload).toBeNull();

    // And a further restart sends nothing more.
    await child();
    expect(smtp.deliveries).toHaveLength(2);
  });

  it('writes e-mail as .eml files when no SMTP server is configured (one file per message)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'insyn-mail-'));
    try {
      const { concern } = await file('eml.test@example.org');
      await respond(concern.id, 'ACKNOWLEDGED');
      const files = worker(
        createMailSender({ directory: join(folder, 'mail'), from: 'Insyn <insyn@example.org>' }),
      );
      expect(await files.mail.drain()).toMatchObject({ sent: 1 });
      const names = readdirSync(join(folder, 'mail'));
      expect(names).toHaveLength(1);
      // Named by what it is about (the outbox reference, `concern:<id>`), then its Message-ID.
      expect(names[0]).toBe(`concern%3A${concern.id}+${names[0].split('+')[1]}`);
      expect(names[0]).toMatch(/\+[0-9a-f-]+@insyn\.eml$/);
      const path = join(folder, 'mail', names[0]);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const eml = readFileSync(path, 'utf8');
      expect(eml).toMatch(/^To: eml\.test@example\.org$/m);
      expect(eml).toMatch(/^Content-Type: text\/plain/m);
      expect(eml).toMatch(/^Content-Language: sv$/m);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  describe('the .eml files of an erased contact', () => {
    let folder: string;
    const mailFolder = () => join(folder, 'mail');
    const filesOf = (concernId: string) =>
      readdirSync(mailFolder()).filter((n) => n.startsWith(`concern%3A${concernId}+`));
    const fileWorker = (log?: pino.Logger) =>
      worker(createMailSender({ directory: mailFolder(), from: 'Insyn <i@example.org>' }), log);
    /**
     * A concern with an address, acknowledged and answered: two .eml files. Then reopened for
     * review unless `ended`, so that no later retention here or below erases it by the way.
     */
    const mailed = async (email: string, sender: ConcernsWorker, ended = false) => {
      const filed = await file(email);
      // Each sent before the next: an answer withdraws an acknowledgement not yet sent.
      await respond(filed.concern.id, 'ACKNOWLEDGED');
      expect(await sender.mail.drain()).toMatchObject({ sent: 1 });
      await respond(filed.concern.id, 'ANSWERED', { answer: 'Readings are kept for a week.' });
      expect(await sender.mail.drain()).toMatchObject({ sent: 1 });
      if (!ended) await respond(filed.concern.id, 'UNDER_REVIEW');
      expect(filesOf(filed.concern.id)).toHaveLength(2);
      return filed;
    };
    beforeEach(() => (folder = mkdtempSync(join(tmpdir(), 'insyn-mail-'))));
    afterEach(() => rmSync(folder, { recursive: true, force: true }));

    it('go when the resident erases the concern in another process; other concerns’ files stay', async () => {
      const sender = fileWorker();
      const erased = await mailed('eml.erased@example.org', sender);
      const kept = await mailed('eml.kept@example.org', sender);
      const [answer] = filesOf(erased.concern.id);
      expect(readFileSync(join(mailFolder(), answer), 'utf8')).toContain('eml.erased@example.org');

      // The erasure runs in the API; the worker, when it runs, deletes the files.
      await api.graphql().data(ERASE, { code: erased.erasureCode });
      sender.start();
      try {
        await eventually(
          () => Promise.resolve(filesOf(erased.concern.id).length),
          (n) => n === 0,
        );
      } finally {
        // Its loop would send the other tests' e-mail into this folder.
        await sender.stop();
      }
      expect(filesOf(kept.concern.id)).toHaveLength(2);
      const all = readdirSync(mailFolder())
        .map((n) => readFileSync(join(mailFolder(), n), 'utf8'))
        .join('\n');
      expect(all).not.toContain('eml.erased@example.org');
      expect(all).not.toContain(erased.trackingCode);
      expect(all).toContain('eml.kept@example.org');
      // Nothing more to delete.
      expect(await sender.erasedMail!.sweep()).toBe(0);
    });

    it('go at once, not at the next sweep, when the erasure runs in the worker’s process', async () => {
      const sender = new ConcernsWorker(db, {
        contactSecret: TEST_CONTACT_SECRET,
        sender: createMailSender({ directory: mailFolder(), from: 'Insyn <i@example.org>' }),
        log: pino({ level: 'silent' }),
        retentionDays: 30,
        clock: api.app.get(RegistryClock),
        pollIntervalMs: 3_600_000,
        mailFolderSweepIntervalMs: 3_600_000,
      });
      workers.push(sender);
      const erased = await mailed('eml.at.once@example.org', sender);
      const stopListening = api.app
        .get(ConcernsService)
        .onContactErased(() => sender.sweepMailSoon());
      // It sweeps once as it starts, then not for an hour.
      let firstSwept!: () => void;
      const swept = new Promise<void>((resolve) => (firstSwept = resolve));
      const sweep = sender.erasedMail!.sweep.bind(sender.erasedMail);
      jest.spyOn(sender.erasedMail!, 'sweep').mockImplementation(async () => {
        const removed = await sweep();
        firstSwept();
        return removed;
      });
      sender.start();
      try {
        await swept;
        expect(filesOf(erased.concern.id)).toHaveLength(2);
        await api.graphql().data(ERASE, { code: erased.erasureCode });
        await eventually(
          () => Promise.resolve(filesOf(erased.concern.id).length),
          (n) => n === 0,
        );
      } finally {
        stopListening();
        await sender.stop();
      }
    });

    it('go when the retention erases the contact; a concern still open keeps its files', async () => {
      const clock = api.app.get(RegistryClock);
      const answeredOn = new Date();
      jest.spyOn(clock, 'now').mockReturnValue(answeredOn);
      const sender = fileWorker();
      const expired = await mailed('eml.expired@example.org', sender, true);
      const reviewed = await mailed('eml.reviewed@example.org', sender); // reopened: not ended

      jest.spyOn(clock, 'now').mockReturnValue(new Date(answeredOn.getTime() + 31 * DAY));
      expect(await sender.retention.eraseExpired()).toBe(1);
      expect(await sender.erasedMail!.sweep()).toBe(2);
      expect(filesOf(expired.concern.id)).toEqual([]);
      expect(filesOf(reviewed.concern.id)).toHaveLength(2);
    });

    it('go for files written before their names carried the concern, linked by the tracking code; a file naming no concern stays, with a warning', async () => {
      const warnings: string[] = [];
      const log = pino(
        { level: 'warn' },
        { write: (line: string) => warnings.push(JSON.parse(line).msg as string) },
      );
      const writer = fileWorker();
      const erased = await mailed('eml.old.erased@example.org', writer);
      const kept = await mailed('eml.old.kept@example.org', writer);
      // As the sender named them before: `<message id>.eml`.
      for (const name of [...filesOf(erased.concern.id), ...filesOf(kept.concern.id)])
        renameSync(join(mailFolder(), name), join(mailFolder(), name.split('+')[1]));
      writeFileSync(join(mailFolder(), 'stray@insyn.eml'), 'To: someone@example.org\n\nHello\n');
      await api.graphql().data(ERASE, { code: erased.erasureCode });

      // A worker started after the upgrade links them at its first sweep, and deletes the erased.
      const sweeper = fileWorker(log);
      expect(await sweeper.erasedMail!.sweep()).toBe(2);
      expect(filesOf(kept.concern.id)).toHaveLength(2);
      expect(readdirSync(mailFolder()).sort()).toEqual(
        [...filesOf(kept.concern.id), 'stray@insyn.eml'].sort(),
      );
      expect(warnings).toEqual([expect.stringMatching(/^1 \.eml files .* name no concern/)]);
    });
  });

  it('erases contact e-mails N days after closure, by the registry clock, with their unsent e-mail', async () => {
    const clock = api.app.get(RegistryClock);
    const closedOn = new Date();
    const { concern: closed } = await file('retention.closed@example.org');
    const { concern: open } = await file('retention.open@example.org');
    const { concern: rejected } = await file('retention.rejected@example.org');
    jest.spyOn(clock, 'now').mockReturnValue(closedOn);
    await respond(closed.id, 'ACKNOWLEDGED'); // an e-mail left unsent
    await respond(closed.id, 'CLOSED');
    await respond(open.id, 'UNDER_REVIEW');
    await respond(rejected.id, 'REJECTED', { reason: 'Not about this entry.' });
    const retention = worker(
      createMailSender({ directory: '/nonexistent', from: 'x@y' }),
    ).retention;
    const contactOf = async (id: string) =>
      (await api.graphql(tokens.editorA).data(LIST)).concerns.nodes.find((n: any) => n.id === id);

    jest.spyOn(clock, 'now').mockReturnValue(new Date(closedOn.getTime() + 29 * DAY));
    expect(await retention.eraseExpired()).toBe(0);
    expect((await contactOf(closed.id)).contactEmail).toBe('retention.closed@example.org');

    jest.spyOn(clock, 'now').mockReturnValue(new Date(closedOn.getTime() + 30 * DAY + 60_000));
    expect(await retention.eraseExpired()).toBe(2);
    for (const id of [closed.id, rejected.id])
      expect(await contactOf(id)).toMatchObject({
        contactEmail: null,
        hadContact: true,
        contactErasedAt: expect.any(String),
      });
    // The open concern keeps its contact; the closed one's unsent e-mail is gone.
    expect((await contactOf(open.id)).contactEmail).toBe('retention.open@example.org');
    expect(
      await db.query(
        `SELECT count(*)::int AS n FROM mail_outbox WHERE reference = $1 AND sent_at IS NULL`,
        [`concern:${closed.id}`],
      ),
    ).toEqual([{ n: 0 }]);
    const { text: dump } = await dumpDatabase(api.database.migrationUrl);
    expect(dump).not.toContain('retention.closed@');
    expect(dump).not.toContain('retention.rejected@');
    // Nothing more is due.
    expect(await retention.eraseExpired()).toBe(0);
  });

  it('erases the contact of a concern that ended answered N days after the answer; a reopened one waits until it ends again', async () => {
    const clock = api.app.get(RegistryClock);
    const answeredOn = new Date();
    /** A minute past so many days after the first answers. */
    const at = (days: number) => new Date(answeredOn.getTime() + days * DAY + 60_000);
    const answer = { answer: 'Readings are kept for a week.' };
    const { concern: answered } = await file('retention.answered@example.org');
    const { concern: thenClosed } = await file('retention.then-closed@example.org');
    const { concern: reopened } = await file('retention.reopened@example.org');
    const { concern: again } = await file('retention.answered-again@example.org');
    jest.spyOn(clock, 'now').mockReturnValue(answeredOn);
    for (const { id } of [answered, thenClosed, reopened, again])
      await respond(id, 'ANSWERED', answer);
    // Reopened for review: not ended any more, whenever it was answered.
    await respond(reopened.id, 'UNDER_REVIEW');
    await respond(again.id, 'UNDER_REVIEW');
    // Closed after the answer: it ended when it was answered.
    jest.spyOn(clock, 'now').mockReturnValue(new Date(answeredOn.getTime() + 20 * DAY));
    await respond(thenClosed.id, 'CLOSED');
    await respond(again.id, 'ANSWERED'); // answered again, 20 days on
    const retention = worker(
      createMailSender({ directory: '/nonexistent', from: 'x@y' }),
    ).retention;
    const emailOf = async (id: string) =>
      (await api.graphql(tokens.editorA).data(LIST)).concerns.nodes.find((n: any) => n.id === id)
        .contactEmail;

    jest.spyOn(clock, 'now').mockReturnValue(at(29));
    expect(await retention.eraseExpired()).toBe(0);
    expect(await emailOf(answered.id)).toBe('retention.answered@example.org');

    jest.spyOn(clock, 'now').mockReturnValue(at(30));
    expect(await retention.eraseExpired()).toBe(2);
    expect(await emailOf(answered.id)).toBeNull();
    expect(await emailOf(thenClosed.id)).toBeNull();
    expect(await emailOf(reopened.id)).toBe('retention.reopened@example.org');
    expect(await emailOf(again.id)).toBe('retention.answered-again@example.org');

    // 30 days after the second answer; the one still under review keeps its address.
    jest.spyOn(clock, 'now').mockReturnValue(at(50));
    expect(await retention.eraseExpired()).toBe(1);
    expect(await emailOf(again.id)).toBeNull();
    jest.spyOn(clock, 'now').mockReturnValue(at(400));
    expect(await retention.eraseExpired()).toBe(0);
    expect(await emailOf(reopened.id)).toBe('retention.reopened@example.org');
  });

  it('replaces an answer e-mail not yet sent by the amended wording, so the last one the resident gets is the answer that stands', async () => {
    const EMAIL = 'amended.early@example.org';
    const { concern } = await file(EMAIL);
    const reference = `concern:${concern.id}`;
    const amend = (answer: string) =>
      api.graphql(tokens.editorA).data(RESPOND, { input: { id: concern.id, answer } });
    const pending = async () =>
      (await db.query(
        `SELECT purpose, attempts FROM mail_outbox WHERE reference = $1 AND sent_at IS NULL ORDER BY id`,
        [reference],
      )) as { purpose: string; attempts: number }[];
    const received = () => smtp.messages.filter((m) => m.to.includes(EMAIL));
    const smtpWorker = worker(
      createMailSender({ smtpUrl: smtp.url, directory: '/nonexistent', from: 'Insyn <i@x.org>' }),
    );

    await respond(concern.id, 'ANSWERED', { answer: 'Mätarna läses av varje timme.' });
    // The mail server refuses it for now: the answer waits for its retry, minutes on.
    const refused = worker(
      createMailSender({ smtpUrl: 'smtp://127.0.0.1:1', directory: '/nonexistent', from: 'x@y' }),
    );
    await refused.mail.processBatch();
    expect(await pending()).toEqual([{ purpose: 'concern-answered', attempts: 1 }]);

    // Amended meanwhile: the resident never got the first wording, so the new one is their answer.
    await amend('Mätarna läses av var femte minut.');
    expect(await pending()).toEqual([{ purpose: 'concern-answered', attempts: 0 }]);
    await smtpWorker.mail.drain();
    expect(received()).toHaveLength(1);
    expect(received()[0].subject).toBe('Svar på din fråga om ”Luftkvalitet”');
    expect(received()[0].text).toContain('Mätarna läses av var femte minut.');
    expect(received()[0].text).not.toContain('varje timme');

    // Amended twice before the first amendment went out: one e-mail, with the last wording.
    await amend('Mätarna läses av var tionde minut.');
    await amend('Mätarna läses av var tjugonde minut.');
    expect(await pending()).toEqual([{ purpose: 'concern-amended', attempts: 0 }]);
    // Amended while a dispatcher is sending the amendment: that one may be going out, so the
    // next is still an amendment, and comes after it.
    await db.query(
      `UPDATE mail_outbox SET lease_until = now() + interval '2 minutes', lease_owner = 'elsewhere'
        WHERE reference = $1 AND sent_at IS NULL`,
      [reference],
    );
    await amend('Mätarna läses av varje halvtimme.');
    expect(await pending()).toEqual([{ purpose: 'concern-amended', attempts: 0 }]);
    // The amendment's quiet period passes (a wording that stands that long goes out).
    await db.query(`UPDATE mail_outbox SET available_at = now() WHERE reference = $1`, [reference]);
    await smtpWorker.mail.drain();
    expect(received()).toHaveLength(2);
    expect(received()[1].subject).toBe('Ändrat svar på din fråga om ”Luftkvalitet”');
    expect(received()[1].text).toContain(
      'har ändrat sitt svar på din fråga om ”Luftkvalitet”. Det nya svaret:\n\nMätarna läses av varje halvtimme.\n',
    );
    expect(await pending()).toEqual([]);
  });

  it('e-mails a rejection with its reason, and the closing of a concern never answered or reopened (with the answer that stands); closing an answered concern and reopening send nothing', async () => {
    const smtpWorker = worker(
      createMailSender({ smtpUrl: smtp.url, directory: '/nonexistent', from: 'Insyn <i@x.org>' }),
    );
    const received = (email: string) => smtp.messages.filter((m) => m.to.includes(email));
    const REASON = 'Frågan gäller en annan förvaltnings mätare.';

    // Rejected: the reason the tracking page shows, by e-mail too.
    const { concern: rejected, trackingCode } = await file('rejected.mail@example.org');
    await respond(rejected.id, 'REJECTED', { reason: REASON });
    // Closed, never answered: the resident would otherwise wait for an answer that never comes.
    const { concern: closed } = await file('closed.mail@example.org');
    await respond(closed.id, 'UNDER_REVIEW');
    await respond(closed.id, 'CLOSED');
    await smtpWorker.mail.drain();

    expect(received('rejected.mail@example.org')).toHaveLength(1);
    const [rejection] = received('rejected.mail@example.org');
    expect(rejection.contentLanguage).toBe('sv');
    expect(rejection.subject).toBe('Din fråga om ”Luftkvalitet” har avvisats');
    expect(rejection.text).toContain(
      `har avvisat din fråga om ”Luftkvalitet”. Skälet:\n\n${REASON}\n`,
    );
    expect(rejection.text).toContain(`Din kod för att följa frågan: ${trackingCode}\n`);
    expect(rejection.text).toContain('Den raderas 30 dagar efter att frågan avvisades');
    expect(rejection.text).toMatch(/\/sv\/concerns\/erase\n$/);
    expect(rejection.html).toBe(false);

    expect(received('closed.mail@example.org')).toHaveLength(1);
    const [closing] = received('closed.mail@example.org');
    expect(closing.subject).toBe('Din fråga om ”Luftkvalitet” har avslutats');
    expect(closing.text).toContain(
      'har avslutat din fråga om ”Luftkvalitet” utan att besvara den.',
    );
    expect(closing.text).toContain('Den raderas 30 dagar efter att frågan avslutades');

    // Answered: one e-mail. Reopened, answered again, closed: the answer again, nothing more.
    const EMAIL = 'answered-closed.mail@example.org';
    const { concern: answered } = await file(EMAIL);
    await respond(answered.id, 'ANSWERED', { answer: 'Mätarna läses av varje timme.' });
    await smtpWorker.mail.drain();
    expect(received(EMAIL).map((m) => m.subject)).toEqual(['Svar på din fråga om ”Luftkvalitet”']);
    await respond(answered.id, 'UNDER_REVIEW');
    await smtpWorker.mail.drain();
    expect(received(EMAIL)).toHaveLength(1);
    await respond(answered.id, 'ANSWERED');
    await respond(answered.id, 'CLOSED');
    await smtpWorker.mail.drain();
    expect(received(EMAIL).map((m) => m.subject)).toEqual([
      'Svar på din fråga om ”Luftkvalitet”',
      'Svar på din fråga om ”Luftkvalitet”',
    ]);
    // Reopened and closed without a new answer: the answer stands again after the review, and
    // the resident is told so, with it (the review's outcome).
    const ANSWER = 'Mätarna läses av varje timme.';
    const { concern: reopened } = await file('reopened-closed.mail@example.org');
    await respond(reopened.id, 'ANSWERED', { answer: ANSWER });
    await smtpWorker.mail.drain();
    await respond(reopened.id, 'UNDER_REVIEW');
    await respond(reopened.id, 'CLOSED');
    await smtpWorker.mail.drain();
    expect(received('reopened-closed.mail@example.org').map((m) => m.subject)).toEqual([
      'Svar på din fråga om ”Luftkvalitet”',
      'Din fråga om ”Luftkvalitet” har avslutats',
    ]);
    const reviewed = received('reopened-closed.mail@example.org')[1];
    expect(reviewed.text).toContain(
      `har granskat din fråga om ”Luftkvalitet” igen och avslutat den. Svaret står kvar:\n\n${ANSWER}\n`,
    );
    expect(reviewed.text).not.toContain('utan att besvara den');

    // The answer's e-mail refused by the mail server (waiting for its retry), then the concern
    // reopened (which withdraws it: that answer no longer stood) and closed with it standing
    // again: the closing e-mail is the one that brings the resident the answer.
    const refused = worker(
      createMailSender({ smtpUrl: 'smtp://127.0.0.1:1', directory: '/nonexistent', from: 'x@y' }),
    );
    const MISSED = 'missed-answer.mail@example.org';
    const { concern: missed } = await file(MISSED);
    await respond(missed.id, 'ANSWERED', { answer: ANSWER });
    await refused.mail.drain();
    await respond(missed.id, 'UNDER_REVIEW');
    await respond(missed.id, 'CLOSED');
    await smtpWorker.mail.drain();
    await db.query(`UPDATE mail_outbox SET available_at = now() WHERE reference = $1`, [
      `concern:${missed.id}`,
    ]);
    await smtpWorker.mail.drain();
    expect(received(MISSED).map((m) => m.subject)).toEqual([
      'Din fråga om ”Luftkvalitet” har avslutats',
    ]);
    expect(received(MISSED)[0].text).toContain(`Svaret står kvar:\n\n${ANSWER}\n`);
    const queued = await db.query(
      `SELECT count(*)::int AS n FROM mail_outbox WHERE reference = ANY($1::text[]) AND sent_at IS NULL`,
      [[rejected.id, closed.id, answered.id, reopened.id, missed.id].map((id) => `concern:${id}`)],
    );
    expect(queued).toEqual([{ n: 0 }]);
  });

  it('withdraws an acknowledgement not yet sent when the concern is answered or rejected: “we will answer” never comes after the outcome', async () => {
    const smtpWorker = worker(
      createMailSender({ smtpUrl: smtp.url, directory: '/nonexistent', from: 'Insyn <i@x.org>' }),
    );
    const refused = worker(
      createMailSender({ smtpUrl: 'smtp://127.0.0.1:1', directory: '/nonexistent', from: 'x@y' }),
    );
    const received = (email: string) =>
      smtp.messages.filter((m) => m.to.includes(email)).map((m) => m.subject);
    const pending = async (id: string) =>
      (await db.query(
        `SELECT purpose FROM mail_outbox WHERE reference = $1 AND sent_at IS NULL ORDER BY id`,
        [`concern:${id}`],
      )) as { purpose: string }[];

    // Acknowledged; the mail server refuses for now: the acknowledgement waits for its retry.
    const { concern: answered } = await file('ack.answered@example.org');
    const { concern: rejected } = await file('ack.rejected@example.org');
    const { concern: closed } = await file('ack.closed@example.org');
    for (const { id } of [answered, rejected, closed]) await respond(id, 'ACKNOWLEDGED');
    await refused.mail.processBatch();
    expect(await pending(answered.id)).toEqual([{ purpose: 'concern-acknowledged' }]);

    await respond(answered.id, 'ANSWERED', { answer: 'Mätarna läses av varje timme.' });
    await respond(rejected.id, 'REJECTED', { reason: 'Inte den här postens mätare.' });
    await respond(closed.id, 'CLOSED');
    expect(await pending(answered.id)).toEqual([{ purpose: 'concern-answered' }]);
    expect(await pending(rejected.id)).toEqual([{ purpose: 'concern-rejected' }]);
    expect(await pending(closed.id)).toEqual([{ purpose: 'concern-closed' }]);

    // One a dispatcher holds may be going out this moment: withdrawn all the same (its
    // dispatcher finds it gone and retries nothing); the answer is queued after it.
    const { concern: held } = await file('ack.held@example.org');
    await respond(held.id, 'ACKNOWLEDGED');
    await db.query(
      `UPDATE mail_outbox SET lease_until = now() + interval '2 minutes', lease_owner = 'elsewhere'
        WHERE reference = $1 AND sent_at IS NULL`,
      [`concern:${held.id}`],
    );
    await respond(held.id, 'ANSWERED', { answer: 'Mätarna läses av varje timme.' });
    expect(await pending(held.id)).toEqual([{ purpose: 'concern-answered' }]);

    await smtpWorker.mail.drain();
    expect(received('ack.answered@example.org')).toEqual(['Svar på din fråga om ”Luftkvalitet”']);
    expect(received('ack.rejected@example.org')).toEqual([
      'Din fråga om ”Luftkvalitet” har avvisats',
    ]);
    expect(received('ack.closed@example.org')).toEqual([
      'Din fråga om ”Luftkvalitet” har avslutats',
    ]);
    expect(received('ack.held@example.org')).toEqual(['Svar på din fråga om ”Luftkvalitet”']);
    for (const { id } of [answered, rejected, closed, held]) expect(await pending(id)).toEqual([]);
  });

  it('withdraws an answer e-mail not yet sent when the concern is reopened: that answer no longer stands', async () => {
    const EMAIL = 'reopened.early@example.org';
    const { concern } = await file(EMAIL);
    const reference = `concern:${concern.id}`;
    await respond(concern.id, 'ACKNOWLEDGED');
    await respond(concern.id, 'ANSWERED', { answer: 'Mätarna läses av varje timme.' });
    // The mail server refuses for now: both wait for their retry.
    const refused = worker(
      createMailSender({ smtpUrl: 'smtp://127.0.0.1:1', directory: '/nonexistent', from: 'x@y' }),
    );
    await refused.mail.processBatch();
    await respond(concern.id, 'UNDER_REVIEW');
    // The answer no longer stands, and is never sent (the answer had already withdrawn the
    // acknowledgement: nothing of the concern is left to send).
    expect(
      await db.query(
        `SELECT purpose FROM mail_outbox WHERE reference = $1 AND sent_at IS NULL ORDER BY id`,
        [reference],
      ),
    ).toEqual([]);
  });
});
