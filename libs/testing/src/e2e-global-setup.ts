// Jest loads global setup without its module mapper, so this file uses relative imports.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  DatabaseRoles,
  provisionRoles,
  startServices,
  temporaryDataDir,
  urlAs,
} from '../../embedded-services/src';
import { quotedRoleOf, TEST_ENV } from './test-environment';

/**
 * Starts one PostgreSQL and one Meilisearch for the whole e2e run: embedded ones on free loopback
 * ports with throwaway data, or the servers named by DATABASE_URL / MEILI_HOST. Never the machine's
 * own PostgreSQL on 5432 unless DATABASE_URL says so.
 *
 * Each test file's database is owned by an owner role, which migrates it, while the code under
 * test connects as an app role that owns nothing, as in production: the embedded cluster's own
 * roles, or on a named server roles made for this run (DATABASE_URL must then be allowed to
 * create roles and databases), dropped by the teardown.
 */
export default async function globalSetup(): Promise<void> {
  const quiet = {
    debug: () => undefined,
    info: () => undefined,
    warn: (m: string) => console.warn(m),
    error: (m: string) => console.error(m),
  };
  const services = await startServices({
    dataDir: temporaryDataDir('insyn-test-'),
    databaseUrl: process.env.DATABASE_URL || undefined,
    meiliHost: process.env.MEILI_HOST || undefined,
    meiliMasterKey: process.env.MEILI_MASTER_KEY || undefined,
    persistent: false,
    log: quiet,
  });
  let adminUrl: string;
  let ownerUrl: string;
  let appUrl: string;
  if (services.adminUrl) {
    adminUrl = services.adminUrl;
    ownerUrl = services.migrationUrl!;
    appUrl = services.databaseUrl;
  } else {
    adminUrl = services.databaseUrl;
    const run = randomBytes(4).toString('hex');
    const secret = () => randomBytes(24).toString('base64url');
    const roles: DatabaseRoles = {
      owner: { name: `insyn_test_owner_${run}`, password: secret() },
      app: { name: `insyn_test_app_${run}`, password: secret() },
    };
    await provisionRoles(adminUrl, roles);
    ownerUrl = urlAs(adminUrl, roles.owner);
    appUrl = urlAs(adminUrl, roles.app);
    (globalThis as { __insynTestRoles?: DatabaseRoles }).__insynTestRoles = roles;
  }
  // The template of migrated test databases (TestDatabase.create): empty here, migrated by the
  // first file that asks for one (this file cannot load the migrations: no module mapper here).
  const template = `t_template_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${template} OWNER ${quotedRoleOf(ownerUrl)}`);
  } finally {
    await admin.end();
  }
  process.env[TEST_ENV.templateDatabase] = template;
  process.env[TEST_ENV.databaseUrl] = adminUrl;
  process.env[TEST_ENV.ownerUrl] = ownerUrl;
  process.env[TEST_ENV.appUrl] = appUrl;
  process.env[TEST_ENV.meiliHost] = services.meiliHost;
  process.env[TEST_ENV.meiliMasterKey] = services.meiliMasterKey;
  (globalThis as { __insynServices?: typeof services }).__insynServices = services;
}
