import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..', '..');
const CLI = join(ROOT, 'dist', 'apps', 'registry-cli', 'src', 'main.js');

/**
 * Options wrong in themselves (missing, malformed, in conflict) are a usage error: exit 2 with the
 * command's usage, as an unknown option is, and before any server starts (no embedded database
 * is started in the data folder, so the answer is immediate).
 */
describe('registry CLI: usage errors (the built CLI)', () => {
  let dataDir: string;

  beforeAll(async () => {
    await promisify(execFile)('npm', ['run', '-s', 'build'], { cwd: ROOT });
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
    [['token:revoke'], '--id is required'],
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
    expect(second).toMatch(new RegExp(`^usage: ${args[0]} `));
    // The embedded servers would have made their folders in the data folder.
    expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
    expect(existsSync(join(dataDir, 'meilisearch'))).toBe(false);
  });
});
