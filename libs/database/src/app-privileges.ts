import { DataSource, EntityManager } from 'typeorm';

export type TablePrivilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

/**
 * What the app role (the API, the indexer, the CLI's commands) may do to each table, and nothing
 * more: it owns nothing, so it can neither alter, drop nor disable anything (triggers included),
 * nor create tables. No TRUNCATE anywhere; DELETE only where the code deletes rows itself (rows
 * removed by ON DELETE CASCADE need no grant: PostgreSQL runs referential actions as the owner).
 * The audit log is append-only: INSERT and SELECT, through audit_event_next() (APP_FUNCTIONS).
 * Identity columns need no sequence grant. An empty list is deliberate: the owner's alone.
 * Applied after every migration run (grantAppPrivileges), replacing what was granted before. A
 * table of the schema missing here stops the grant: every table a migration adds must be listed
 * (libs/database/src/app-privileges.e2e-spec.ts and the least-privilege e2e compare this list
 * with the migrated schema).
 */
export const APP_PRIVILEGES: Readonly<Record<string, readonly TablePrivilege[]>> = {
  // Seeded by migrations.
  principle: ['SELECT'],
  department: ['SELECT', 'INSERT'],
  person: ['SELECT', 'INSERT'],
  // Revocation and last use are updates; tokens are never deleted.
  api_token: ['SELECT', 'INSERT', 'UPDATE'],
  // Each API process's token key fingerprint: recorded at start, seen while it runs, stopped;
  // processes long gone are deleted at an API's start.
  token_key_check: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  // A discarded draft is deleted with its versions and relations.
  entry: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  entry_version: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  entry_relation: ['SELECT', 'INSERT', 'DELETE'],
  // Imported entries' source ids (removed with their entry by cascade).
  entry_source: ['SELECT', 'INSERT', 'UPDATE'],
  // Idempotency keys of the register mutations (removed with their entry by cascade).
  entry_registration: ['SELECT', 'INSERT'],
  // Every saved draft revision: kept, never changed or removed (also after a discard).
  entry_draft_revision: ['SELECT', 'INSERT'],
  // Residents' concerns: erasure of contact details is an update, never a delete.
  concern: ['SELECT', 'INSERT', 'UPDATE'],
  // Every wording of the departments' answers: kept; superseding one is an update.
  concern_answer: ['SELECT', 'INSERT', 'UPDATE'],
  // Claimed with a lease (UPDATE), removed once sent or when the contact is erased.
  mail_outbox: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  audit_event: ['SELECT', 'INSERT'],
  // The slots audit_event_next() notes for the audit_event_seal trigger: owner only.
  audit_event_slot: [],
  search_outbox: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  search_dead_letter: ['SELECT', 'INSERT', 'UPDATE'],
  // Throttle counters shared by the API processes (rate-limiter-flexible upserts them and
  // deletes expired ones).
  rate_limit: ['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
  // The app checks that no migration is pending; only the owner applies them.
  schema_migration: ['SELECT'],
};

/** Functions the app role may call (none is executable by PUBLIC). */
export const APP_FUNCTIONS: readonly string[] = ['audit_event_next()'];

/** A role name as an SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Tables of the current schema and entries of APP_PRIVILEGES that do not match. */
export async function appPrivilegeProblems(db: DataSource | EntityManager): Promise<string[]> {
  const rows: { name: string }[] = await db.query(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`,
  );
  const tables = new Set(rows.map((r) => r.name));
  return [
    ...[...tables]
      .filter((t) => !(t in APP_PRIVILEGES))
      .map(
        (t) => `table ${t} has no entry in APP_PRIVILEGES (libs/database/src/app-privileges.ts)`,
      ),
    ...Object.keys(APP_PRIVILEGES)
      .filter((t) => !tables.has(t))
      .map((t) => `APP_PRIVILEGES names ${t}, which no migration creates`),
  ];
}

/**
 * Gives the app role exactly APP_PRIVILEGES on the current schema, taking back anything else it
 * held there (run by the tables' owner, in one transaction). Refuses while a table lacks an entry.
 */
export async function grantAppPrivileges(
  owner: DataSource | EntityManager,
  appRole: string,
): Promise<void> {
  await owner.transaction(async (m) => {
    const problems = await appPrivilegeProblems(m);
    if (problems.length) throw new Error(`cannot grant the app role: ${problems.join('; ')}`);
    const role = quoteIdentifier(appRole);
    const [{ schema }] = (await m.query('SELECT current_schema() AS schema')) as {
      schema: string;
    }[];
    const where = `IN SCHEMA ${quoteIdentifier(schema)}`;
    await m.query(`REVOKE ALL ON ALL TABLES ${where} FROM ${role}`);
    await m.query(`REVOKE ALL ON ALL SEQUENCES ${where} FROM ${role}`);
    await m.query(`REVOKE ALL ON ALL FUNCTIONS ${where} FROM ${role}`);
    for (const [table, privileges] of Object.entries(APP_PRIVILEGES)) {
      if (!privileges.length) continue;
      await m.query(`GRANT ${privileges.join(', ')} ON ${quoteIdentifier(table)} TO ${role}`);
    }
    for (const fn of APP_FUNCTIONS) await m.query(`GRANT EXECUTE ON FUNCTION ${fn} TO ${role}`);
  });
}

/**
 * What the connected role could do to get around the audit log's triggers: be a superuser, or
 * own audit_event, itself or through a role it belongs to (then it may disable or drop them).
 * Empty for a role that owns nothing.
 */
export async function appRolePowers(db: DataSource): Promise<string[]> {
  const [row] = (await db.query(
    `SELECT r.rolsuper AS superuser,
            EXISTS (SELECT 1 FROM pg_tables t
                     WHERE t.schemaname = current_schema() AND t.tablename = 'audit_event'
                       AND pg_has_role(current_user, t.tableowner, 'USAGE')) AS owner
       FROM pg_roles r WHERE r.rolname = current_user`,
  )) as { superuser: boolean; owner: boolean }[];
  return [
    ...(row?.superuser ? ['superuser'] : []),
    ...(row?.owner ? ['owner of audit_event'] : []),
  ];
}

/**
 * Says at warn, once at start, when `who` (the API, the indexer) connects as a role that could
 * get around the audit log's triggers (appRolePowers): a misconfiguration nothing else shows.
 */
export async function warnOfRolePowers(
  db: DataSource,
  log: { warn(details: object, message: string): void },
  who: string,
): Promise<void> {
  const powers = await appRolePowers(db);
  if (powers.length)
    log.warn(
      { role: powers },
      `the ${who} connects as a role that could rewrite the audit log (bypass or drop its triggers): give DATABASE_URL a role that owns nothing, and DATABASE_MIGRATION_URL the owner (README "Least privilege")`,
    );
}
