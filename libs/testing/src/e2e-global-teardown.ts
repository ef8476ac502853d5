// Jest loads global teardown without its module mapper, so this file uses relative imports.
import { Client } from 'pg';
import type { DatabaseRoles, RunningServices } from '../../embedded-services/src';
import { TEST_ENV } from './test-environment';

/** Stops the servers of the global setup; Jest runs this whether tests passed or failed. */
export default async function globalTeardown(): Promise<void> {
  const template = process.env[TEST_ENV.templateDatabase];
  if (template) await dropDatabase(process.env[TEST_ENV.databaseUrl]!, template);
  const roles = (globalThis as { __insynTestRoles?: DatabaseRoles }).__insynTestRoles;
  if (roles) await dropRoles(process.env[TEST_ENV.databaseUrl]!, roles);
  const services = (globalThis as { __insynServices?: RunningServices }).__insynServices;
  await services?.stop();
}

/** The run's template database (before its owner role is dropped). */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch((error: Error) => {
      console.warn(`could not drop the template database ${name}: ${error.message}`);
    });
  } finally {
    await admin.end();
  }
}

/** The roles made for this run on a named server (a database a test left behind keeps them). */
async function dropRoles(adminUrl: string, roles: DatabaseRoles): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const role of [roles.app, roles.owner]) {
      await admin.query(`DROP ROLE IF EXISTS "${role.name}"`).catch((error: Error) => {
        console.warn(`could not drop the test role ${role.name}: ${error.message}`);
      });
    }
  } finally {
    await admin.end();
  }
}
