import { DataSource } from 'typeorm';
import { AuditChainVerifier } from '@insyn/audit';
import { EntryKind, RegistryClock } from '@insyn/registry';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

const HEAD = `{ auditChainHead { eventId hash occurredAt checkpointDay } }`;
const DAY = 86_400_000;

/**
 * The head of the audit chain: GraphQL `auditChainHead` and the open-data JSON. The public gets
 * the head as it stood when the day began, one a day; auditors and admins the live one. The
 * live head moves with every step the public may not see (a draft saved, a submission).
 */
describe('the audit chain head', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  let clock: RegistryClock;
  const lastEvent = async () =>
    (
      await db.query(
        `SELECT id::text AS id, hash, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
           FROM audit_event ORDER BY audit_event.id DESC LIMIT 1`,
      )
    )[0] as { id: string; hash: string; at: string } | undefined;
  const json = async (token?: string) => {
    const response = await fetch(`${api.baseUrl}/open-data/audit-chain-head.json`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { response, body: (await response.json()) as Record<string, unknown> };
  };
  /** Runs `body` with the registry's clock at `moment`. */
  const at = async <T>(moment: Date, body: () => Promise<T>): Promise<T> => {
    const spy = jest.spyOn(clock, 'now').mockReturnValue(moment);
    try {
      return await body();
    } finally {
      spy.mockRestore();
    }
  };

  beforeAll(async () => {
    api = await RegistryApiHarness.start('audit-chain-head');
    db = api.app.get(DataSource);
    clock = api.app.get(RegistryClock);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('is null (and the JSON all nulls) while the log is empty', async () => {
    expect(await api.graphql().data(HEAD)).toEqual({ auditChainHead: null });
    expect((await json()).body).toEqual({
      algorithm: 'SHA-256',
      checkpointDay: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      eventId: null,
      hash: null,
      occurredAt: null,
    });
  });

  it('gives auditors and admins the live head, which moves with each action', async () => {
    tokens = await createTestTokens(db);
    const last = (await lastEvent())!;
    for (const token of [tokens.auditor, tokens.admin])
      expect((await api.graphql(token).data(HEAD)).auditChainHead).toEqual({
        eventId: last.id,
        hash: last.hash,
        occurredAt: new Date(last.at).toISOString(),
        checkpointDay: null,
      });
    await api
      .graphql(tokens.admin)
      .data(
        `mutation { createDepartment(input: { slug: "ny", nameSv: "Ny", nameEn: "New" }) { id } }`,
      );
    const moved = (await api.graphql(tokens.auditor).data(HEAD)).auditChainHead;
    expect(moved.eventId).toBe((await lastEvent())!.id);
    expect(Number(moved.eventId)).toBeGreaterThan(Number(last.id));
    expect(moved.hash).not.toBe(last.hash);
    const { response, body } = await json(tokens.auditor);
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    expect(response.headers.get('vary')).toMatch(/\bAuthorization\b/);
    expect(body).toEqual({
      algorithm: 'SHA-256',
      checkpointDay: null,
      eventId: moved.eventId,
      hash: moved.hash,
      occurredAt: (await lastEvent())!.at,
    });
  });

  it('gives everyone else the head as the day began: unmoved by drafts, the same all day', async () => {
    const setup = new EntrySetup(api.app, tokens);
    const others = [undefined, tokens.editorA, tokens.editorB, tokens.reviewer];
    const publicAnswers = async () =>
      Promise.all([
        ...others.map(async (token) => (await api.graphql(token).data(HEAD)).auditChainHead),
        (await json()).body,
      ]);
    // Every event of this file is today's: when today began, the log was empty.
    const today = new Date().toISOString().slice(0, 10);
    const before = await publicAnswers();
    expect(before).toEqual([
      ...others.map(() => null),
      { algorithm: 'SHA-256', checkpointDay: today, eventId: null, hash: null, occurredAt: null },
    ]);

    // Department B's editor registers a draft, edits and submits it: staff-only steps, which
    // move the live head.
    const live = (await lastEvent())!;
    const draft = await setup.draft(EntryKind.DATASET, 'Utkast som ingen ser', 'B');
    await setup.edit(draft, EntryKind.DATASET, { title: 'Utkast som ingen ser, ändrat' }, 'B');
    await setup.submit(draft, 'B');
    const last = (await lastEvent())!;
    expect(Number(last.id)).toBeGreaterThan(Number(live.id));
    expect((await api.graphql(tokens.auditor).data(HEAD)).auditChainHead.eventId).toBe(last.id);
    // The public's head, GraphQL and JSON, to anyone and to editors, did not move.
    expect(await publicAnswers()).toEqual(before);

    // Tomorrow the public's head is the head as today ended, the same to all of them.
    const tomorrow = new Date(Date.now() + DAY);
    const day = tomorrow.toISOString().slice(0, 10);
    const next = await at(tomorrow, publicAnswers);
    for (const head of next.slice(0, -1))
      expect(head).toEqual({
        eventId: last.id,
        hash: last.hash,
        occurredAt: new Date(last.at).toISOString(),
        checkpointDay: day,
      });
    expect(next.at(-1)).toEqual({
      algorithm: 'SHA-256',
      checkpointDay: day,
      eventId: last.id,
      hash: last.hash,
      occurredAt: last.at,
    });
  });

  it('serves the head as open data, with microseconds, uncached and open to any origin: a kept one verifies', async () => {
    const tomorrow = new Date(Date.now() + DAY);
    const { response, body } = await at(tomorrow, () => json());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    // A shared cache keeps the public's head apart from an auditor's live one.
    expect(response.headers.get('vary')).toMatch(/\bAuthorization\b/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(body.hash).toMatch(/^[0-9a-f]{64}$/);
    // A head kept now proves later that history up to it was not rewritten.
    const report = await new AuditChainVerifier(db).verify({
      expectedHead: { eventId: body.eventId as string, hash: body.hash as string },
    });
    expect(report.intact).toBe(true);
  });

  it('tells nothing about the event itself', async () => {
    const type = await api.graphql().data(`{ __type(name: "AuditChainHead") { fields { name } } }`);
    expect(type.__type.fields.map((f: { name: string }) => f.name).sort()).toEqual([
      'checkpointDay',
      'eventId',
      'hash',
      'occurredAt',
    ]);
    expect(Object.keys((await json()).body).sort()).toEqual([
      'algorithm',
      'checkpointDay',
      'eventId',
      'hash',
      'occurredAt',
    ]);
  });

  it('gives auditors each event’s hash and the hash before it', async () => {
    const { auditLog } = await api
      .graphql(tokens.auditor)
      .data(`{ auditLog(first: 2) { nodes { id hash prevHash } } }`);
    const [newest, before] = auditLog.nodes;
    expect(newest.prevHash).toBe(before.hash);
    expect(newest.hash).toBe((await lastEvent())!.hash);
    expect(await api.graphql().errorCodes(`{ auditLog { nodes { hash } } }`)).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});
