import { DataSource, EntityManager } from 'typeorm';
import { Role, systemActor, TokenActor, TokensService } from '@insyn/access';
import { DepartmentEntity } from '../departments/department.entity';
import { CreateDepartmentInput, DepartmentsService } from '../departments/departments.service';
import { EntriesService } from '../entries/entries.service';
import { EntryWorkflowService } from '../workflow/entry-workflow.service';
import { DEMO_ENTRIES } from './demo-entries';

/** The services demo seeders may use; add a service here (and where main.ts passes them) to use it. */
export interface DemoDataServices {
  dataSource: DataSource;
  departments: DepartmentsService;
  tokens: TokensService;
  entries: EntriesService;
  workflow: EntryWorkflowService;
}

/** What each seeder receives: the services, the one seeding transaction, and what came before. */
export interface DemoSeedContext extends DemoDataServices {
  /** The seeding transaction: pass it to every service call so the demo data is all or nothing. */
  manager: EntityManager;
  /** The actor recorded on every demo row and audit event (`demo-data`, role ADMIN). */
  actor: TokenActor;
  /** Departments created so far, by slug. */
  departmentsBySlug: Map<string, DepartmentEntity>;
}

/** One step of the demo data; steps run in order inside one transaction. */
export type DemoSeeder = (context: DemoSeedContext) => Promise<void>;

export const DEMO_DEPARTMENTS: CreateDepartmentInput[] = [
  {
    slug: 'stadsbyggnadskontoret',
    nameSv: 'Stadsbyggnadskontoret',
    nameEn: 'Urban Planning Office',
  },
  { slug: 'socialforvaltningen', nameSv: 'Socialförvaltningen', nameEn: 'Social Services' },
  { slug: 'trafikkontoret', nameSv: 'Trafikkontoret', nameEn: 'Transport Office' },
  { slug: 'miljoforvaltningen', nameSv: 'Miljöförvaltningen', nameEn: 'Environment Department' },
];

export const seedDemoDepartments: DemoSeeder = async (context) => {
  for (const input of DEMO_DEPARTMENTS) {
    const department = await context.departments.create(input, context.actor, context.manager);
    context.departmentsBySlug.set(department.slug, department);
  }
};

/** Demo entries: registered, linked, and (most of them) submitted and published by the demo admin. */
export const seedDemoEntries: DemoSeeder = async ({ entries, workflow, actor, manager }) => {
  const ids = new Map<string, string>();
  for (const demo of DEMO_ENTRIES) {
    const view = await entries.register(actor, demo.kind, demo.department, demo.content, manager);
    ids.set(demo.key, view.entry.id);
  }
  for (const demo of DEMO_ENTRIES) {
    for (const link of demo.links ?? [])
      await entries.link(actor, ids.get(demo.key)!, ids.get(link.to)!, link.type, manager);
  }
  for (const demo of DEMO_ENTRIES.filter((d) => d.publish)) {
    await workflow.submit(actor, ids.get(demo.key)!, manager);
    await workflow.publish(actor, ids.get(demo.key)!, 'Första publiceringen (demodata)', manager);
  }
};

/** The demo steps in order. Append seeders here. */
export const DEMO_SEEDERS: DemoSeeder[] = [seedDemoDepartments, seedDemoEntries];

export interface DemoDataResult {
  /** false when the database already had departments (nothing was written). */
  seeded: boolean;
  /** The demo admin token, shown once: only when seeded. */
  adminToken?: string;
}

export const DEMO_SEED_LOCK = 7_270_002; // fixed advisory lock id: one seeding at a time

/**
 * Seeds an empty database (no departments) with demo data and a demo admin token, all in one
 * transaction; does nothing on a database that has departments. Whether to call it at all is the
 * app's decision (INSYN_DEMO_DATA, default on with the embedded database).
 */
export async function seedDemoData(
  services: DemoDataServices,
  seeders: DemoSeeder[] = DEMO_SEEDERS,
): Promise<DemoDataResult> {
  return services.dataSource.transaction(async (manager) => {
    await manager.query('SELECT pg_advisory_xact_lock($1)', [DEMO_SEED_LOCK]);
    if (await services.departments.any(manager)) return { seeded: false };
    const context: DemoSeedContext = {
      ...services,
      manager,
      actor: systemActor('demo-data'),
      departmentsBySlug: new Map(),
    };
    for (const seed of seeders) await seed(context);
    const { token } = await services.tokens.create(
      {
        label: 'demo admin',
        person: { name: 'Demo admin' },
        role: Role.ADMIN,
        createdBy: context.actor,
      },
      manager,
    );
    return { seeded: true, adminToken: token };
  });
}
