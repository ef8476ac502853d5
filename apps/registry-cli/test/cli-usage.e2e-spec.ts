import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtMain } from '@insyn/testing';

/**
 * Options wrong in themselves (missing, malformed, in conflict) are a usage error: exit 2 with the
 * command's usage, as an unknown option is, and before any server starts (no embedded database
 * is started in the data folder, so the answer is immediate).
 */
describe('registry CLI: usage errors (the built CLI)', () => {
  let dataDir: string;

  let CLI: string;

  beforeAll(() => {
    // Built under the clone's build lock: other files build and run the CLI at the same time.
    CLI = builtMain('registry-cli');
    dataDir = mkdtempSync(join(tmpdir(), 'insyn-cli-usage-'));
  }, 180_000);

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const cli = (...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const env: NodeJS.ProcessEnv = { ...process.env, INSYN_DATA_DIR: dataDir, NODE_ENV: 'test' };
      delete env.DATABASE_URL;
      delete env.MEILI_HOST;
      execFile(process.execPath, [CLI, ...args], { env }, (error, stdout, stderr) =>
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr }),
      );
    });

  it.each([
    [
      ['audit:verify', '--page-size', '0x10'],
      '--page-size must be a whole number from 1 to 100000',
    ],
    [['audit:verify', '--page-size', '1e3'], '--page-size must be a whole number from 1 to 100000'],
    [['audit:verify', '--known-head', 'x'], '--known-head must be EVENT_ID:HASH'],
    [['token:create', '--role', 'ROOT', '--person', 'P'], '--role must be one of'],
    [
      ['token:create', '--role', 'AUDITOR', '--person', 'P', '--expires-in-days', '7d'],
      '--expires-in-days must be a whole number',
    ],
    [['token:create', '--role', 'EDITOR', '--person', 'P'], '--department:'],
    [
      ['token:create', '--role', 'AUDITOR', '--person', ''],
      "--person: a person's name must be 1 to",
    ],
    [['token:create', '--role', 'AUDITOR', '--person', ' . '], '--person: name must contain'],
    [
      ['token:create', '--role', 'AUDITOR', '--person', 'P', '--email', 'no-at-sign'],
      '--email: not an e-mail address',
    ],
    [['token:revoke'], '--id is required'],
    [['token:revoke', '--id', 'nope'], '--id must be a token id (a UUID'],
    [
      ['token:create', '--role', 'AUDITOR', '--person-id', 'notauuid'],
      '--person-id must be a person id (a UUID',
    ],
    [
      ['token:create', '--role', 'ADMIN', '--person', 'X', '--person-id', '1'],
      '--person and --person-id are both given',
    ],
    // parseArgs kept the last: only B was revoked, A not, and the command said it succeeded.
    [
      ['token:revoke', '--id', 'A', '--id', 'B'],
      "Option '--id' is given more than once; it takes one value",
    ],
    [['export', '--format', 'json'], '--out is required'],
    [['export', '--format', 'json', '--out', '-'], '--out: name a file'],
    [['sign', '--slug', 's', '--format', 'svg', '--out', ' - '], '--out: name a file'],
    [['export', '--format', 'xml', '--out', 'x'], '--format must be one of'],
    [
      ['import', '--format', 'csv', '--department', 'a', '--token-label', 't'],
      'name one FILE to import',
    ],
    [
      ['import', '--format', 'yaml', 'f.json', '--department', 'a', '--token-id', 'i'],
      '--format must be one of',
    ],
    [['department:create', '--slug', 's'], 'required: --name-sv, --name-en'],
    [['sign', '--slug', 's', '--format', 'png', '--out', 'x'], '--format must be svg or pdf'],
    [['report', '--out', ' '], '--out needs a file name'],
  ])('%j: exit 2, the problem and the usage, nothing started', async (args, problem) => {
    const { code, stdout, stderr } = await cli(...args);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    const [first, second] = stderr.split('\n');
    expect(first).toContain(problem);
    // The same usage line as `--help` prints.
    expect(second).toMatch(new RegExp(`^usage: npm run cli -- ${args[0]} `));
    // The embedded servers would have made their folders in the data folder.
    expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
    expect(existsSync(join(dataDir, 'meilisearch'))).toBe(false);
  });

  it('an unknown option: exit 2, with the usage line --help prints', async () => {
    const refused = await cli('export', '--formt', 'csv');
    const asked = await cli('export', '--help');
    expect({ code: refused.code, stdout: refused.stdout }).toEqual({ code: 2, stdout: '' });
    expect(asked).toMatchObject({ code: 0, stderr: '' });
    expect(refused.stderr.split('\n')[1]).toBe(asked.stdout.trim());
  });

  it('no command is a usage error (exit 2, the commands on stderr); help asked for is not', async () => {
    const none = await cli();
    expect({ code: none.code, stdout: none.stdout }).toEqual({ code: 2, stdout: '' });
    expect(none.stderr).toMatch(/^usage: npm run cli -- <command> \[options\]\n/);
    expect(none.stderr).toContain('  token:list');
    for (const asked of ['--help', '-h', 'help']) {
      const help = await cli(asked);
      expect({ asked, code: help.code, stderr: help.stderr }).toEqual({
        asked,
        code: 0,
        stderr: '',
      });
      expect(help.stdout).toBe(none.stderr);
    }
  });
});
