import pino from 'pino';
import { DataSource } from 'typeorm';
import { AdminTokenWatch, Role, systemActor, TokensService } from '@insyn/access';
import { AuditLog } from '@insyn/audit';
import { INSYN_ENTITIES } from '@insyn/registry';
import { eventually, LogCapture, TEST_TOKEN_SECRET } from '@insyn/testing';
import { RegistryApiHarness } from './registry-api.harness';

const DAY = 24 * 60 * 60_000;

type LogLine = { level: number; msg: string } & Record<string, unknown>;
const lines = (capture: LogCapture): LogLine[] =>
  capture.text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LogLine);
const warnings = (capture: LogCapture) =>
  lines(capture).filter((l) => l.level === 40 && l.msg.includes('ADMIN token'));

/**
 * ADMIN tokens about to run out are said at warn level, to the operators only: at the API's
 * start-up and by the daily check of the background work; never on a public surface.
 */
describe('the warning of ADMIN tokens about to run out', () => {
  let api: RegistryApiHarness;
  const startup = new LogCapture();
  let ending: { id: string; prefix: string; label: string; expiresAt: Date };

  beforeAll(async () => {
    api = await RegistryApiHarness.start(
      'admin-token-warning',
      { LOG_LEVEL: 'info' },
      {
        logStream: startup,
        // The register before the API starts: its only ADMIN token ends in five days.
        beforeStart: async (database) => {
          const dataSource = await database.dataSource(INSYN_ENTITIES);
          try {
            const tokens = new TokensService(dataSource, TEST_TOKEN_SECRET, new AuditLog());
            const { entity } = await tokens.create({
              label: 'Ops on call',
              person: { name: 'Ops' },
              role: Role.ADMIN,
              expiresAt: new Date(Date.now() + 5 * DAY),
              createdBy: 'test-setup',
            });
            ending = { ...entity, expiresAt: entity.expiresAt! };
            // A token of another role without an end date does not hold the warning off.
            await tokens.create({
              person: { name: 'Auditor' },
              role: Role.AUDITOR,
              createdBy: 'test-setup',
            });
          } finally {
            await dataSource.destroy();
          }
        },
      },
    );
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('is logged once at start-up, with the end date and no token named', async () => {
    const [warning, ...more] = warnings(startup);
    expect(more).toEqual([]);
    expect(warning).toMatchObject({
      level: 40,
      adminTokens: 'ending',
      liveAdminTokens: 1,
      lastEndsAt: ending.expiresAt.toISOString(),
    });
    expect(warning.msg).toBe(
      `every live ADMIN token ends within 14 days, the last at ${ending.expiresAt.toISOString()}: create one (npm run cli -- token:create --role ADMIN …) before then, or no one can administer the registry`,
    );
    const text = JSON.stringify(warning);
    for (const secretish of [ending.id, ending.prefix, ending.label])
      expect(text).not.toContain(secretish);
  });

  it('is on no public surface: /health says nothing of tokens', async () => {
    const res = await fetch(`${api.baseUrl}/health`);
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).not.toMatch(/token|admin|expir/i);
  });

  it('is logged by the daily check, and no longer once an ADMIN token without an end date exists', async () => {
    const dataSource = api.app.get(DataSource);
    const daily = new LogCapture();
    const watch = new AdminTokenWatch(dataSource, {
      log: pino({ level: 'info' }, daily),
      firstCheckAfterMs: 0,
    });
    watch.start();
    try {
      await eventually(
        async () => warnings(daily),
        (found) => found.length === 1,
        { what: 'the first scheduled check' },
      );
    } finally {
      await watch.stop();
    }
    expect(warnings(daily)[0]).toMatchObject({ adminTokens: 'ending', liveAdminTokens: 1 });

    await new TokensService(dataSource, TEST_TOKEN_SECRET, new AuditLog()).create({
      person: { name: 'Successor' },
      role: Role.ADMIN,
      createdBy: systemActor('test'),
    });
    daily.lines.length = 0;
    expect(await watch.checkNow()).toBeNull();
    expect(daily.text).toBe('');
  });

  it('says when every ADMIN token has ended', async () => {
    const dataSource = api.app.get(DataSource);
    const daily = new LogCapture();
    const watch = new AdminTokenWatch(dataSource, { log: pino({ level: 'info' }, daily) });
    // Time passes: every ADMIN token has ended.
    await dataSource.query(
      `UPDATE api_token SET expires_at = now() - interval '1 hour' WHERE role = 'ADMIN'`,
    );
    expect(await watch.checkNow()).toMatchObject({ state: 'ended', liveAdminTokens: 0 });
    expect(warnings(daily)).toEqual([
      expect.objectContaining({
        adminTokens: 'ended',
        msg: expect.stringMatching(/^no live ADMIN token: the last ended at \S+Z; create one/),
      }),
    ]);
  });
});
