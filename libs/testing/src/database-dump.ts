import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/**
 * Everything a database holds, as text: `pg_dump` when one that can dump this server is on the
 * PATH (its major version at least the server's), else the same data read with SQL (every table
 * of every schema, row by row in PostgreSQL's text form, bytea as hex, as pg_dump writes it). The
 * embedded PostgreSQL package ships no pg_dump, so tests must not depend on one being installed.
 */
export async function dumpDatabase(url: string): Promise<{ text: string; tool: string }> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const [{ server_version_num }] = (await client.query('SHOW server_version_num')).rows as {
      server_version_num: string;
    }[];
    const serverMajor = Math.floor(Number(server_version_num) / 10000);
    const dumped = await pgDump(url, serverMajor);
    if (dumped) return { text: dumped, tool: 'pg_dump' };
    const tables = (
      await client.query(
        `SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind IN ('r', 'p', 'm')
           AND n.nspname NOT IN ('pg_catalog', 'information_schema')
           AND n.nspname NOT LIKE 'pg_toast%'
         ORDER BY 1`,
      )
    ).rows as { name: string }[];
    const parts: string[] = [];
    for (const { name } of tables) {
      parts.push(`-- ${name}`);
      const rows = (await client.query(`SELECT t::text AS row FROM ${name} t`)).rows as {
        row: string;
      }[];
      for (const { row } of rows) parts.push(row);
    }
    return { text: parts.join('\n'), tool: 'sql' };
  } finally {
    await client.end();
  }
}

async function pgDump(url: string, serverMajor: number): Promise<string | undefined> {
  try {
    const { stdout: version } = await run('pg_dump', ['--version']);
    const major = Number(/(\d+)(?:\.\d+)*/.exec(version)?.[1] ?? 0);
    if (major < serverMajor) return undefined;
    const { stdout } = await run('pg_dump', ['--dbname', url, '--no-owner'], {
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  } catch {
    return undefined;
  }
}
