import pino from 'pino';
import { DataSource } from 'typeorm';
import { cancelMail, enqueueMail, OUTBOX_ENTITIES, withdrawMail } from '@insyn/outbox';
import { eventually, TestDatabase } from '@insyn/testing';
import { MailBatchResult, MailDispatcher } from './mail-dispatcher';
import { MailMessage, mailOutboxBox, sealMail } from './mail-message';
import { MailSender } from './mail-sender';

/** An SMTP conversation the test ends when it likes: accepted (`finish()`) or refused (`finish(error)`). */
class SlowSender implements MailSender {
  readonly destination = 'test';
  readonly started: string[] = [];
  private ends: ((error?: Error) => void)[] = [];

  send(_message: MailMessage, messageId: string): Promise<void> {
    this.started.push(messageId);
    return new Promise((resolve, reject) =>
      this.ends.push((error) => (error ? reject(error) : resolve())),
    );
  }

  finish(error?: Error): void {
    this.ends.shift()!(error);
  }

  close(): void {}
}

interface OutboxRow {
  leaseOwner: string | null;
  leased: boolean;
  sent: boolean;
  hasPayload: boolean;
  attempts: number;
  lastError: string | null;
}

/**
 * Two mail dispatchers against the real PostgreSQL: a lease that runs out during a slow SMTP
 * conversation, a second dispatcher that takes the message over, and the first one coming back.
 */
describe('mail dispatcher leases (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  const box = mailOutboxBox('mail-lease-test-secret');
  const warnings: Record<string, unknown>[] = [];
  const infos: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'info' },
    {
      write: (line: string) => {
        const record = JSON.parse(line) as Record<string, unknown>;
        if (record.level === 40) warnings.push(record);
        if (record.level === 30) infos.push(record);
      },
    },
  );

  beforeAll(async () => {
    database = await TestDatabase.create('mail-lease');
    dataSource = await database.dataSource(OUTBOX_ENTITIES);
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });
  beforeEach(async () => {
    warnings.length = 0;
    infos.length = 0;
    await dataSource.query('DELETE FROM mail_outbox');
    const mail = sealMail(
      box,
      { to: 'invanare@example.org', subject: 'Tack', text: 'Vi har tagit emot.', language: 'sv' },
      { purpose: 'concern-acknowledged', reference: 'concern:lease-test' },
    );
    await enqueueMail(dataSource.manager, mail);
  });

  const row = async (): Promise<OutboxRow> => {
    const [r] = (await dataSource.query(
      `SELECT lease_owner AS "leaseOwner", lease_until > now() AS leased,
              sent_at IS NOT NULL AS sent, payload IS NOT NULL AS "hasPayload", attempts,
              last_error AS "lastError"
         FROM mail_outbox`,
    )) as OutboxRow[];
    return r;
  };
  const dispatcher = (sender: SlowSender, owner: string, leaseMs: number) =>
    new MailDispatcher(dataSource, sender, box, log, { owner, leaseMs });
  const started = (sender: SlowSender) =>
    eventually(
      () => Promise.resolve(sender.started.length),
      (n) => n === 1,
    );
  const leaseOver = () =>
    eventually(
      async () => (await row()).leased,
      (leased) => !leased,
    );

  /** A claims and starts sending; its lease runs out; B claims the message and starts sending. */
  async function takenOver() {
    const slowA = new SlowSender();
    const slowB = new SlowSender();
    const batchA = dispatcher(slowA, 'dispatcher-a', 200).processBatch();
    await started(slowA);
    await leaseOver();
    const batchB = dispatcher(slowB, 'dispatcher-b', 60_000).processBatch();
    await started(slowB);
    expect(slowB.started).toEqual(slowA.started); // the same Message-ID
    expect(await row()).toMatchObject({ leaseOwner: 'dispatcher-b', leased: true, sent: false });
    return { slowA, slowB, batchA, batchB };
  }

  it('a dispatcher whose lease ran out does not mark the message another took over as sent', async () => {
    const { slowA, slowB, batchA, batchB } = await takenOver();

    slowA.finish(); // A's slow SMTP conversation ends after all
    expect(await batchA).toEqual<MailBatchResult>({
      claimed: 1,
      sent: 0,
      retried: 0,
      failed: 0,
      leaseLost: 1,
      withdrawn: 0,
    });
    // B's state as B left it: still leased to B, unsent, the payload still there for B.
    expect(await row()).toMatchObject({
      leaseOwner: 'dispatcher-b',
      leased: true,
      sent: false,
      hasPayload: true,
    });
    expect(warnings).toEqual([
      expect.objectContaining({
        owner: 'dispatcher-a',
        outcome: 'sent',
        msg: expect.stringMatching(/lease lost/),
      }),
    ]);
    expect(warnings[0]).not.toHaveProperty('err');

    slowB.finish();
    expect(await batchB).toMatchObject({ claimed: 1, sent: 1, leaseLost: 0 });
    expect(await row()).toMatchObject({
      leaseOwner: 'dispatcher-b',
      sent: true,
      hasPayload: false,
    });
  });

  it('a dispatcher whose lease ran out does not schedule a retry over the other’s lease', async () => {
    const { slowA, slowB, batchA, batchB } = await takenOver();

    slowA.finish(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
    expect(await batchA).toMatchObject({ claimed: 1, retried: 0, leaseLost: 1 });
    expect(await row()).toMatchObject({
      leaseOwner: 'dispatcher-b',
      leased: true,
      attempts: 0,
      lastError: null,
    });
    expect(warnings).toEqual([expect.objectContaining({ outcome: 'not sent' })]);

    slowB.finish();
    expect(await batchB).toMatchObject({ sent: 1 });
  });

  it('a lease that ran out with nobody taking the message over still lets its sender mark it sent', async () => {
    const slow = new SlowSender();
    const batch = dispatcher(slow, 'dispatcher-a', 200).processBatch();
    await started(slow);
    await leaseOver();
    slow.finish();
    expect(await batch).toMatchObject({ claimed: 1, sent: 1, leaseLost: 0 });
    expect(await row()).toMatchObject({
      leaseOwner: 'dispatcher-a',
      sent: true,
      hasPayload: false,
    });
    expect(warnings).toEqual([]);
  });

  it('a message withdrawn while it is being sent is not marked, and its dispatcher says so at info level, not as a lost lease', async () => {
    const slow = new SlowSender();
    const batch = dispatcher(slow, 'dispatcher-a', 60_000).processBatch();
    await started(slow);
    // A newer message of the concern withdraws this one while the SMTP conversation runs.
    expect(
      await withdrawMail(dataSource.manager, 'concern:lease-test', ['concern-acknowledged']),
    ).toEqual([{ purpose: 'concern-acknowledged', inFlight: true }]);
    slow.finish(); // the server accepted it after all
    expect(await batch).toEqual<MailBatchResult>({
      claimed: 1,
      sent: 0,
      retried: 0,
      failed: 0,
      leaseLost: 0,
      withdrawn: 1,
    });
    expect(await row()).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(infos).toEqual([
      expect.objectContaining({
        owner: 'dispatcher-a',
        outcome: 'sent',
        msg: expect.stringMatching(/withdrawn or erased while it was being sent/),
      }),
    ]);
    expect(infos[0]).not.toHaveProperty('err');
  });

  it('a message erased while a refused send runs is not scheduled for a retry, and no warning says another dispatcher has it', async () => {
    const slow = new SlowSender();
    const batch = dispatcher(slow, 'dispatcher-a', 60_000).processBatch();
    await started(slow);
    // The resident erases the concern: its unsent messages go.
    expect(await cancelMail(dataSource.manager, ['concern:lease-test'])).toBe(1);
    slow.finish(Object.assign(new Error('refused'), { responseCode: 451 }));
    expect(await batch).toMatchObject({ claimed: 1, retried: 0, leaseLost: 0, withdrawn: 1 });
    expect(await row()).toBeUndefined();
    expect(warnings).toEqual([]);
    expect(infos).toEqual([expect.objectContaining({ outcome: 'not sent' })]);
  });
});
