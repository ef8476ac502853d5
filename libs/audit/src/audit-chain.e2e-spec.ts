import pino from 'pino';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions, MIGRATIONS } from '@insyn/database';
import { eventually, LogCapture, TestDatabase } from '@insyn/testing';
import { AuditAction } from './audit-action';
import { auditEventHash, GENESIS_HASH } from './audit-chain';
import { AUDIT_CHAIN_COLUMNS_SQL, AuditChainRow } from './audit-chain.sql';
import { AuditChainWatch } from './audit-chain-watch';
import { AuditChainProblem, AuditChainVerifier } from './audit-chain.verifier';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditLog } from './audit-log.service';
import { AUDIT_ENTITIES } from './index';

/**
 * The audit hash chain on a real PostgreSQL: concurrent appends make one line, a rolled-back
 * append leaves no trace, the database refuses a fork, and rewrites by the table's owner are
 * found by the verifier.
 */
describe('the audit hash chain (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  /** The test's own superuser connection, with triggers off: it may rewrite the log. */
  let owner: Client;
  const audit = new AuditLog();
  let verifier: AuditChainVerifier;
  let unique = 0;

  const append = (details: Record<string, unknown> = {}) =>
    dataSource.transaction((m) =>
      audit.record(m, {
        action: AuditAction.DEPARTMENT_CREATED,
        actor: { tokenId: null, label: `tester ${++unique}`, role: 'ADMIN' },
        details: { n: unique, ...details },
      }),
    );
  const chain = async () =>
    (await dataSource.query(
      `SELECT ${AUDIT_CHAIN_COLUMNS_SQL} FROM audit_event ORDER BY audit_event.id`,
    )) as AuditChainRow[];

  beforeAll(async () => {
    database = await TestDatabase.create('audit-chain');
    dataSource = await database.dataSource(AUDIT_ENTITIES, 10);
    verifier = new AuditChainVerifier(dataSource);
    // Someone above the app role: the superuser, who may switch triggers off for a session.
    owner = new Client({ connectionString: database.superuserUrl });
    await owner.connect();
    await owner.query(`SET session_replication_role = replica`);
  });
  afterAll(async () => {
    await owner?.end();
    await dataSource?.destroy();
    await database?.drop();
  });

  it('verifies an empty log, then chains the first event to the genesis hash', async () => {
    expect(await verifier.verify()).toEqual({
      intact: true,
      checked: 0,
      head: null,
      breaks: [],
      breakCount: 0,
    });
    const first = await append({ note: 'första' });
    const [row] = await chain();
    expect(row.prevHash).toBe(GENESIS_HASH);
    expect(row.hash).toBe(first.hash);
    expect(row.hash).toBe(auditEventHash(row));
    expect(row.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
  });

  it('serializes 60 concurrent appends into one unbroken line, in id order', async () => {
    const before = (await chain()).length;
    await Promise.all(Array.from({ length: 60 }, (_, i) => append({ concurrent: i })));
    const rows = await chain();
    expect(rows).toHaveLength(before + 60);
    rows.forEach((row, i) => {
      expect(row.prevHash).toBe(i === 0 ? GENESIS_HASH : rows[i - 1].hash);
      expect(row.hash).toBe(auditEventHash(row));
    });
    // Time follows the chain too: each event was stamped under the lock.
    const times = rows.map((r) => r.occurredAt);
    expect([...times].sort()).toEqual(times);
    const report = await verifier.verify({ pageSize: 7 });
    expect(report).toMatchObject({ intact: true, checked: rows.length, breakCount: 0 });
    expect(report.head).toEqual({
      eventId: rows.at(-1)!.id,
      hash: rows.at(-1)!.hash,
      occurredAt: rows.at(-1)!.occurredAt,
    });
  });

  it('leaves no trace of an append rolled back with its transaction', async () => {
    const last = (await chain()).at(-1)!;
    await expect(
      dataSource.transaction(async (m) => {
        await audit.record(m, {
          action: AuditAction.TOKEN_CREATED,
          actor: { tokenId: null, label: 'rolled back', role: 'ADMIN' },
        });
        throw new Error('the action failed after its audit row');
      }),
    ).rejects.toThrow('the action failed');
    const next = await append();
    expect(next.prevHash).toBe(last.hash);
    expect(Number(next.id)).toBeGreaterThan(Number(last.id)); // a gap in ids is no break
    expect((await verifier.verify()).intact).toBe(true);
  });

  it('stores details as it hashed them (undefined members, dates, nested keys in any order)', async () => {
    const event = await append({
      skipped: undefined,
      at: new Date('2025-03-01T10:00:00.000Z'),
      nested: { z: [1, 2.5, 'å'], a: null },
    });
    const row = (await chain()).at(-1)!;
    expect(row.details).toEqual({
      n: expect.any(Number),
      at: '2025-03-01T10:00:00.000Z',
      nested: { z: [1, 2.5, 'å'], a: null },
    });
    expect(row.hash).toBe(event.hash);
    expect(auditEventHash(row)).toBe(event.hash);
  });

  it('refuses an append outside a transaction (the lock would not hold)', async () => {
    await expect(
      audit.record(dataSource.manager, {
        action: AuditAction.TOKEN_CREATED,
        actor: { tokenId: null, label: 'no transaction', role: 'ADMIN' },
      }),
    ).rejects.toThrow('inside a transaction');
  });

  it('refuses a fork in the database itself: no two events may follow the same one', async () => {
    const last = (await chain()).at(-1)!;
    await expect(
      owner.query(
        `INSERT INTO audit_event (action, actor_label, actor_role, prev_hash, hash)
         VALUES ('TOKEN_CREATED', 'forger', 'ADMIN', $1, $2)`,
        [last.prevHash, 'a'.repeat(64)],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'audit_event_prev_hash_key' });
  });

  it('keeps the log append-only for the application', async () => {
    const last = (await chain()).at(-1)!;
    await expect(
      dataSource.query(`UPDATE audit_event SET hash = $1 WHERE id = $2`, ['b'.repeat(64), last.id]),
    ).rejects.toMatchObject({ code: '42501' });
  });

  describe('rewrites by the table owner', () => {
    it('finds an event whose content was changed (CONTENT_CHANGED, at that event)', async () => {
      const rows = await chain();
      const victim = rows[10];
      await owner.query(`UPDATE audit_event SET actor_label = 'someone else' WHERE id = $1`, [
        victim.id,
      ]);
      try {
        const report = await verifier.verify({ pageSize: 4 });
        expect(report.intact).toBe(false);
        expect(report.breakCount).toBe(1);
        expect(report.breaks[0]).toMatchObject({
          problem: AuditChainProblem.CONTENT_CHANGED,
          eventId: victim.id,
          found: victim.hash,
          previousEventId: rows[9].id,
        });
        expect(report.breaks[0].message).toContain(`event ${victim.id}`);
        expect(report.checked).toBe(rows.length);
      } finally {
        await owner.query(`UPDATE audit_event SET actor_label = $1 WHERE id = $2`, [
          victim.actorLabel,
          victim.id,
        ]);
      }
      expect((await verifier.verify()).intact).toBe(true);
    });

    it('finds an event removed from the middle (LINK_BROKEN, at the event after it)', async () => {
      const rows = await chain();
      const [before, removed, after] = rows.slice(20, 23);
      await owner.query(`DELETE FROM audit_event WHERE id = $1`, [removed.id]);
      try {
        const report = await verifier.verify();
        expect(report.breaks).toEqual([
          expect.objectContaining({
            problem: AuditChainProblem.LINK_BROKEN,
            eventId: after.id,
            expected: before.hash,
            found: removed.hash,
            previousEventId: before.id,
          }),
        ]);
      } finally {
        await owner.query(
          `INSERT INTO audit_event (id, occurred_at, action, actor_label, actor_role, actor_token_id,
             entry_id, entry_version, department_id, details, prev_hash, hash)
           OVERRIDING SYSTEM VALUE
           VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12)`,
          [
            removed.id,
            removed.occurredAt,
            removed.action,
            removed.actorLabel,
            removed.actorRole,
            removed.actorTokenId,
            removed.entryId,
            removed.entryVersion,
            removed.departmentId,
            JSON.stringify(removed.details),
            removed.prevHash,
            removed.hash,
          ],
        );
      }
      expect((await verifier.verify()).intact).toBe(true);
    });

    it('is fooled by a rewrite re-hashed to the end, except against a head kept from before', async () => {
      const rows = await chain();
      const known = { eventId: rows.at(-1)!.id, hash: rows.at(-1)!.hash };
      // Rewrite event 5 and re-hash every event from it on, as someone who knows the scheme would.
      let prevHash = rows[4].hash;
      for (const row of rows.slice(5)) {
        const changed = { ...row, prevHash };
        if (row === rows[5]) changed.actorLabel = 'rewritten';
        changed.hash = auditEventHash(changed);
        await owner.query(
          `UPDATE audit_event SET actor_label = $1, prev_hash = $2, hash = $3 WHERE id = $4`,
          [changed.actorLabel, changed.prevHash, changed.hash, row.id],
        );
        prevHash = changed.hash;
      }
      expect((await verifier.verify()).intact).toBe(true);
      const report = await verifier.verify({ expectedHead: known });
      expect(report.intact).toBe(false);
      expect(report.breaks[0]).toMatchObject({
        problem: AuditChainProblem.KNOWN_HEAD_CHANGED,
        eventId: known.eventId,
        expected: known.hash,
        found: prevHash,
      });
      // Put it back as it was.
      for (const row of rows.slice(5)) {
        await owner.query(
          `UPDATE audit_event SET actor_label = $1, prev_hash = $2, hash = $3 WHERE id = $4`,
          [row.actorLabel, row.prevHash, row.hash, row.id],
        );
      }
      expect((await verifier.verify({ expectedHead: known })).intact).toBe(true);
    });

    it('finds a known head that is gone', async () => {
      const report = await verifier.verify({
        expectedHead: { eventId: '999999', hash: 'c'.repeat(64) },
      });
      expect(report.breaks[0]).toMatchObject({
        problem: AuditChainProblem.KNOWN_HEAD_CHANGED,
        eventId: '999999',
        found: 'missing',
      });
    });
  });

  describe('the daily check', () => {
    it('logs an intact chain at info and a broken one at error, naming the event', async () => {
      const capture = new LogCapture();
      const watch = new AuditChainWatch(dataSource, { log: pino({ level: 'info' }, capture) });
      await watch.checkNow();
      const intact = JSON.parse(capture.lines.at(-1)!);
      expect(intact).toMatchObject({ level: 30, msg: 'audit chain verified: intact' });

      const victim = (await chain())[3];
      await owner.query(`UPDATE audit_event SET details = '{"n": -1}' WHERE id = $1`, [victim.id]);
      try {
        await watch.checkNow();
        const broken = JSON.parse(capture.lines.at(-1)!);
        expect(broken).toMatchObject({
          level: 50,
          breakCount: 1,
          firstBreak: { eventId: victim.id, problem: AuditChainProblem.CONTENT_CHANGED },
        });
        expect(broken.msg).toContain(`event ${victim.id}`);
      } finally {
        await owner.query(`UPDATE audit_event SET details = $1::jsonb WHERE id = $2`, [
          JSON.stringify(victim.details),
          victim.id,
        ]);
      }
    });

    it('runs on its schedule once started, and stops', async () => {
      const capture = new LogCapture();
      const watch = new AuditChainWatch(dataSource, {
        log: pino({ level: 'info' }, capture),
        firstCheckAfterMs: 0,
      });
      watch.start();
      try {
        await eventually(
          async () => capture.text,
          (text) => text.includes('audit chain verified: intact'),
          { what: 'the first scheduled check' },
        );
      } finally {
        await watch.stop();
      }
    });

    it('logs a check that cannot run at warn, not error', async () => {
      const capture = new LogCapture();
      const gone = new DataSource(buildDataSourceOptions(database.url, AUDIT_ENTITIES, 1));
      const watch = new AuditChainWatch(gone, {
        log: pino({ level: 'info' }, capture),
        firstCheckAfterMs: 0,
      });
      watch.start(); // never initialized: every query fails
      try {
        const { value } = await eventually(
          async () => capture.text,
          (text) => text.includes('could not run'),
          { what: 'the failed check' },
        );
        expect(JSON.parse(value.trim().split('\n').at(-1)!)).toMatchObject({ level: 40 });
      } finally {
        await watch.stop();
      }
    });
  });

  it('the head the public sees is the last event, with no details', async () => {
    const last = (await chain()).at(-1)!;
    expect(await new AuditEventsRepository(dataSource).chainHead()).toEqual({
      eventId: last.id,
      hash: last.hash,
      occurredAt: last.occurredAt,
    });
  });

  describe("a moment's head (the public's, one a day)", () => {
    it('waits for a write stamped before the moment that commits after it, and gives it', async () => {
      const events = new AuditEventsRepository(dataSource);
      const writer = dataSource.createQueryRunner();
      await writer.connect();
      await writer.startTransaction();
      try {
        // The writer holds its slot (its stamp) while the moment passes, as a step that began
        // at 23:59:59.999 and commits after midnight would.
        const slot = await audit.reserve(writer.manager);
        const moment = new Date(slot.at.getTime() + 1);
        await eventually(
          async () =>
            (
              (await owner.query(`SELECT clock_timestamp() >= $1::timestamptz AS past`, [moment]))
                .rows as { past: boolean }[]
            )[0].past,
          (past) => past,
        );
        const reading = events.headAtStartOf(moment);
        await eventually(
          async () =>
            (
              (
                await owner.query(
                  `SELECT count(*)::int AS n FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event = 'advisory'`,
                )
              ).rows as { n: number }[]
            )[0].n,
          (n) => n === 1,
        );
        const written = await audit.record(
          writer.manager,
          {
            action: AuditAction.DEPARTMENT_CREATED,
            actor: { tokenId: null, label: 'late', role: 'ADMIN' },
          },
          slot,
        );
        await writer.commitTransaction();
        expect(await reading).toEqual({
          settled: true,
          head: { eventId: written.id, hash: written.hash, occurredAt: slot.occurredAt },
        });
      } finally {
        if (writer.isTransactionActive) await writer.rollbackTransaction();
        await writer.release();
      }
    });

    it("keeps a begun day's head when events follow; a day not begun yet is not kept", async () => {
      const events = new AuditEventsRepository(dataSource);
      const day = (offset: number) =>
        new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      const today = await events.dailyHead(day(0));
      const tomorrow = await events.dailyHead(day(1));
      expect(tomorrow.head?.eventId).toBe((await chain()).at(-1)!.id);
      const later = await append({ note: 'after the checks' });
      expect(await events.dailyHead(day(0))).toEqual(today);
      expect((await events.dailyHead(day(1))).head?.eventId).toBe(later.id);
    });
  });
});

describe('the migration that chains an existing audit log', () => {
  it('chains the events written before it in id order, and keeps the log append-only', async () => {
    const database = await TestDatabase.create('audit-chain-migration');
    const before = MIGRATIONS.findIndex((m) => m.name === 'ChainAuditEvents1764900000000');
    expect(before).toBeGreaterThan(0);
    // As the owner: it migrates, and wrote the old log before the chain existed.
    const options = buildDataSourceOptions(database.migrationUrl, AUDIT_ENTITIES, 2);
    const old = await new DataSource({
      ...options,
      migrations: MIGRATIONS.slice(0, before),
    }).initialize();
    let current: DataSource | undefined;
    try {
      await old.runMigrations({ transaction: 'each' });
      for (let i = 0; i < 2_500; i += 500) {
        await old.query(
          `INSERT INTO audit_event (occurred_at, action, actor_label, actor_role, details)
           SELECT now() - (n || ' seconds')::interval, 'ENTRY_UPDATED', 'old ' || n, 'EDITOR',
                  jsonb_build_object('n', n, 'fields', jsonb_build_array('title'))
             FROM generate_series($1::int, $2::int) AS n`,
          [i, i + 499],
        );
      }
      await old.destroy();

      current = await new DataSource(options).initialize();
      await current.runMigrations({ transaction: 'each' });
      const report = await new AuditChainVerifier(current).verify();
      expect(report).toMatchObject({ intact: true, checked: 2_500 });
      const [first] = await current.query(
        `SELECT prev_hash, actor_label FROM audit_event ORDER BY id LIMIT 1`,
      );
      expect(first).toEqual({ prev_hash: GENESIS_HASH, actor_label: 'old 0' });
      await expect(
        current.query(`UPDATE audit_event SET actor_label = 'x' WHERE actor_label = 'old 1'`),
      ).rejects.toMatchObject({ message: expect.stringContaining('append-only') });
      // New events continue the chain.
      await current.transaction((m) =>
        new AuditLog().record(m, {
          action: AuditAction.ENTRY_UPDATED,
          actor: { tokenId: null, label: 'new', role: 'EDITOR' },
        }),
      );
      expect(await new AuditChainVerifier(current).verify()).toMatchObject({
        intact: true,
        checked: 2_501,
      });
    } finally {
      if (old.isInitialized) await old.destroy();
      await current?.destroy();
      await database.drop();
    }
  });
});
