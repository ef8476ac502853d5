import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TokensService } from '@insyn/access';
import { InsynConfig } from '@insyn/config';
import {
  DemoDataResult,
  DepartmentsService,
  EntriesService,
  EntryWorkflowService,
  seedDemoData,
} from '@insyn/registry';

/**
 * Seeds demo data into an empty database when INSYN_DEMO_DATA says so (default: only with the
 * embedded database; never in production). Pass further services here when demo seeders need
 * them.
 */
export async function seedDemoDataOnStart(
  app: INestApplication,
  config: InsynConfig,
): Promise<DemoDataResult> {
  if (!config.seedsDemoData) return { seeded: false };
  return seedDemoData({
    dataSource: app.get(DataSource),
    departments: app.get(DepartmentsService),
    tokens: app.get(TokensService),
    entries: app.get(EntriesService),
    workflow: app.get(EntryWorkflowService),
  });
}
