import { DataSource } from 'typeorm';
import { AuditChainVerifier } from '@insyn/audit';
import { createTestTokens, TestTokens } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

const HEAD = `{ auditChainHead { eventId hash occurredAt } }`;

/** The public head of the audit chain: GraphQL `auditChainHead` and the open-data JSON. */
describe('the public audit chain head', () => {
  let api: RegistryApiHarness;
  let db: DataSource;
  let tokens: TestTokens;
  const lastEvent = async () =>
    (
      await db.query(
        `SELECT id::text AS id, hash, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at
           FROM audit_event ORDER BY audit_event.id DESC LIMIT 1`,
      )
    )[0] as { id: string; hash: string; at: string } | undefined;
  const json = async () => {
    const response = await fetch(`${api.baseUrl}/open-data/audit-chain-head.json`);
    return { response, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    api = await RegistryApiHarness.start('audit-chain-head');
    db = api.app.get(DataSource);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('is null (and the JSON all nulls) while the log is empty', async () => {
    expect(await api.graphql().data(HEAD)).toEqual({ auditChainHead: null });
    expect((await json()).body).toEqual({
      algorithm: 'SHA-256',
      eventId: null,
      hash: null,
      occurredAt: null,
    });
  });

  it('shows anyone the newest event’s id, hash and time, and moves with each action', async () => {
    tokens = await createTestTokens(db);
    const last = (await lastEvent())!;
    const { auditChainHead } = await api.graphql().data(HEAD);
    expect(auditChainHead).toEqual({
      eventId: last.id,
      hash: last.hash,
      occurredAt: new Date(last.at).toISOString(),
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
  });

  it('serves the same head as open data, with microseconds, uncached and open to any origin', async () => {
    const last = (await lastEvent())!;
    const { response, body } = await json();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(body).toEqual({
      algorithm: 'SHA-256',
      eventId: last.id,
      hash: last.hash,
      occurredAt: last.at,
    });
    // A head kept now proves later that history up to it was not rewritten.
    const report = await new AuditChainVerifier(db).verify({
      expectedHead: { eventId: body.eventId as string, hash: body.hash as string },
    });
    expect(report.intact).toBe(true);
  });

  it('tells nothing about the event itself', async () => {
    const type = await api.graphql().data(`{ __type(name: "AuditChainHead") { fields { name } } }`);
    expect(type.__type.fields.map((f: { name: string }) => f.name).sort()).toEqual([
      'eventId',
      'hash',
      'occurredAt',
    ]);
    expect(Object.keys((await json()).body).sort()).toEqual([
      'algorithm',
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
