import { Client } from 'pg';

/** The role that owns the schema and runs migrations. */
export const OWNER_ROLE = 'insyn_owner';
/** The role the API and the indexer connect as: it owns nothing (docs/adr/0006-database-roles.md). */
export const APP_ROLE = 'insyn_app';

export interface RoleLogin {
  name: string;
  password: string;
}

export interface DatabaseRoles {
  owner: RoleLogin;
  app: RoleLogin;
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** Neither role may do more than a plain login does (no superuser, no role or database creation). */
const PLAIN = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT';

/**
 * Run as a superuser (the embedded cluster's, or a test server's role with CREATEROLE and
 * CREATEDB): creates the owner and app roles or brings their passwords and attributes in step,
 * creates `database` owned by the owner or hands it over, and hands the owner what another role
 * (an earlier version connected as the superuser) created in its `public` schema: tables (with
 * their indexes and identity sequences), views and functions. Idempotent. The app role's grants
 * come with the migrations (grantAppPrivileges), since they follow the schema.
 */
export async function provisionDatabaseRoles(
  adminUrl: string,
  database: string,
  roles: DatabaseRoles,
): Promise<void> {
  await provisionRoles(adminUrl, roles);
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    await admin.query(
      found.rowCount
        ? `ALTER DATABASE ${ident(database)} OWNER TO ${ident(roles.owner.name)}`
        : `CREATE DATABASE ${ident(database)} OWNER ${ident(roles.owner.name)}`,
    );
  } finally {
    await admin.end();
  }
  await handOverSchema(adminUrl, database, roles.owner.name);
}

/**
 * Creates the owner and app roles, or brings their passwords and attributes in step. A
 * connected role that is no superuser (a test server's, with CREATEROLE) is made a member of the
 * owner, so that it may create databases owned by it.
 */
export async function provisionRoles(adminUrl: string, roles: DatabaseRoles): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    for (const role of [roles.owner, roles.app]) {
      const exists = await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.name]);
      const verb = exists.rowCount ? 'ALTER ROLE' : 'CREATE ROLE';
      await admin.query(
        `${verb} ${ident(role.name)} WITH ${PLAIN} PASSWORD ${admin.escapeLiteral(role.password)}`,
      );
    }
    const [{ superuser }] = (
      await admin.query<{ superuser: boolean }>(
        'SELECT rolsuper AS superuser FROM pg_roles WHERE rolname = current_user',
      )
    ).rows;
    // A non-superuser may give a database (and objects) only to a role it can act as.
    if (!superuser) await admin.query(`GRANT ${ident(roles.owner.name)} TO current_user`);
  } finally {
    await admin.end();
  }
}

/** ALTER … OWNER TO the owner for whatever another role owns in the database's public schema. */
async function handOverSchema(adminUrl: string, database: string, owner: string): Promise<void> {
  const url = new URL(adminUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ statement: string }>(
      `SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, $1::text) AS statement
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND pg_get_userbyid(c.relowner) <> $1
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
       UNION ALL
       SELECT format('ALTER FUNCTION %I.%I(%s) OWNER TO %I', n.nspname, p.proname,
                     pg_get_function_identity_arguments(p.oid), $1::text)
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> $1
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')`,
      [owner],
    );
    for (const { statement } of rows) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** The URL of `base`'s server and database, logged in as `role`. */
export function urlAs(base: string, role: RoleLogin, database?: string): string {
  const url = new URL(base);
  url.username = encodeURIComponent(role.name);
  url.password = encodeURIComponent(role.password);
  if (database !== undefined) url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}
