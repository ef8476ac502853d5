import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedPostgres } from './embedded-postgres';
import { temporaryDataDir } from './embedded-services';
import { silentLog } from './service-log';

/**
 * A PostgreSQL that exits at its start must say why: the probe of an upgrade saw only
 * "embedded PostgreSQL exited with 1:" with nothing after the colon.
 */
describe('embedded PostgreSQL that cannot start', () => {
  let dataDir: string;

  beforeAll(() => {
    dataDir = temporaryDataDir('insyn-pg-start-failure-');
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("says the server's own last words after the exit code", async () => {
    const clusterDir = join(dataDir, 'postgres');
    const postgres = new EmbeddedPostgres({
      clusterDir,
      password: 'superuser-password',
      rolePasswords: { owner: 'owner-password', app: 'app-password' },
      persistent: true,
      log: silentLog,
    });
    // A cluster of a PostgreSQL major version these binaries cannot read (a data folder of
    // another release): initdb is skipped, and the server refuses it at once.
    mkdirSync(clusterDir, { recursive: true });
    writeFileSync(join(clusterDir, 'PG_VERSION'), '9\n');
    writeFileSync(join(clusterDir, 'postgresql.conf'), '');
    let failure: Error | undefined;
    try {
      await postgres.start();
    } catch (error) {
      failure = error as Error;
    } finally {
      await postgres.stop();
    }
    // The cause on the first line, right after the colon (a one-line log view shows it).
    expect(failure?.message.split('\n')[0]).toMatch(
      /^embedded PostgreSQL exited with 1: .*FATAL: {2}database files are incompatible with server/,
    );
    expect(failure?.message).toMatch(/initialized by PostgreSQL version 9/);
  });
});
