import { DataSource } from 'typeorm';
import { Role, TokensService } from '@insyn/access';
import { AuditLog } from '@insyn/audit';
import { TestDatabase } from '@insyn/testing';
import { DepartmentsService } from '../departments/departments.service';
import { EntriesRepository } from '../entries/entries.repository';
import { EntriesService } from '../entries/entries.service';
import { EntryWorkflowService } from '../workflow/entry-workflow.service';
import { EntryVisibilityPolicy } from '../visibility/entry-visibility.policy';
import { RegistryClock } from '../visibility/registry-clock';
import { DEMO_ENTRIES } from './demo-entries';
import { INSYN_ENTITIES } from '../insyn-entities';
import { DEMO_DEPARTMENTS, DEMO_SEEDERS, DemoDataServices, seedDemoData } from './demo-data';

const KEY = 'demo-test-token-key-0123456789abcdef';

describe('demo data (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let services: DemoDataServices;
  const rows = async () =>
    (
      await dataSource.query(
        `SELECT (SELECT count(*) FROM department)::int AS departments,
                (SELECT count(*) FROM api_token)::int AS tokens,
                (SELECT count(*) FROM audit_event)::int AS audit,
                (SELECT count(*) FROM entry)::int AS entries,
                (SELECT count(*) FROM entry WHERE status = 'PUBLISHED')::int AS published,
                (SELECT count(*) FROM search_outbox)::int AS outbox`,
      )
    )[0] as {
      departments: number;
      tokens: number;
      audit: number;
      entries: number;
      published: number;
      outbox: number;
    };

  beforeAll(async () => {
    database = await TestDatabase.create('demo');
    dataSource = await database.dataSource(INSYN_ENTITIES);
    const audit = new AuditLog();
    const clock = new RegistryClock();
    const repository = new EntriesRepository(dataSource, new EntryVisibilityPolicy(clock));
    services = {
      dataSource,
      departments: new DepartmentsService(dataSource, audit),
      tokens: new TokensService(dataSource, KEY, audit),
      entries: new EntriesService(dataSource, repository, audit, clock),
      workflow: new EntryWorkflowService(dataSource, repository, audit, clock),
    };
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('rolls everything back when a seeder fails (never half-seeded)', async () => {
    const failing = async () => {
      throw new Error('seeder failed');
    };
    await expect(seedDemoData(services, [...DEMO_SEEDERS, failing])).rejects.toThrow(
      'seeder failed',
    );
    expect(await rows()).toEqual({
      departments: 0,
      tokens: 0,
      audit: 0,
      entries: 0,
      published: 0,
      outbox: 0,
    });
  });

  it('seeds an empty database once, even when two starts race, with a working admin token', async () => {
    const results = await Promise.all([seedDemoData(services), seedDemoData(services)]);
    const seeded = results.filter((r) => r.seeded);
    expect(seeded).toHaveLength(1);
    const published = DEMO_ENTRIES.filter((e) => e.publish).length;
    const links = DEMO_ENTRIES.flatMap((e) => e.links ?? []).length;
    expect(await rows()).toEqual({
      departments: DEMO_DEPARTMENTS.length,
      tokens: 1,
      // departments, entries created, links, submissions and publications, the admin's person
      // and token
      audit: DEMO_DEPARTMENTS.length + DEMO_ENTRIES.length + links + 2 * published + 2,
      entries: DEMO_ENTRIES.length,
      published,
      outbox: published,
    });
    expect((await services.departments.list()).map((d) => d.slug).sort()).toEqual(
      DEMO_DEPARTMENTS.map((d) => d.slug).sort(),
    );
    const actor = await services.tokens.authenticate(seeded[0].adminToken!);
    expect(actor).toMatchObject({ role: Role.ADMIN, label: 'demo admin', departmentId: null });
    const labels = await dataSource.query(`SELECT DISTINCT actor_label FROM audit_event`);
    expect(labels).toEqual([{ actor_label: 'demo-data' }]);
  });

  it('leaves a database with departments alone', async () => {
    const before = await rows();
    expect(await seedDemoData(services)).toEqual({ seeded: false });
    expect(await rows()).toEqual(before);
  });
});
