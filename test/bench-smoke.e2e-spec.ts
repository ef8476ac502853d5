import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BenchRun, FIGURE_NAMES } from './bench/bench-results';

/**
 * `npm run bench` at a tiny size (30 entries, one-second load runs, a few rounds), so that it
 * cannot rot: both result files are written and every figure of issue 14 is in them, with a
 * value. The speeds themselves are not asserted (speed goals live in the bench's own report).
 */
const ROOT = join(__dirname, '..');
const run = promisify(execFile);

describe('npm run bench (smoke)', () => {
  const out = mkdtempSync(join(tmpdir(), 'insyn-bench-smoke-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes results.md and results.json with every figure measured', async () => {
    const { stdout, stderr } = await run(
      'npm',
      [
        'run',
        '-s',
        'bench',
        '--',
        '--entries',
        '30',
        '--duration',
        '1',
        '--rate',
        '20',
        '--connections',
        '4',
        '--publishes',
        '5',
        '--background-rate',
        '10',
        '--rounds',
        '5',
        '--out',
        out,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: '', MEILI_HOST: '' },
        maxBuffer: 16 * 1024 * 1024,
      },
    ).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`the bench failed: ${error.message}\n${error.stderr ?? ''}`);
    });
    // Progress on standard error.
    expect(stderr).toContain('loaded 30/30 entries');
    expect(existsSync(join(out, 'results.md'))).toBe(true);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchRun;
    const markdown = readFileSync(join(out, 'results.md'), 'utf8');
    // The table is printed too (standard output), as written to results.md.
    expect(stdout).toContain(markdown);
    expect(results.failures).toEqual([]);
    expect(results.entries).toBe(30);
    for (const name of FIGURE_NAMES) {
      const figure = results.figures.find((f) => f.name === name);
      expect({ name, value: typeof figure?.value }).toEqual({ name, value: 'number' });
      expect(markdown).toContain(`| ${name}`);
    }
    // Each comparison carries its baseline from the same run, and the ratio.
    const search = results.figures.find((f) => f.name === 'search p50, fixed rate')!;
    expect(search.baseline?.value).toEqual(expect.any(Number));
    expect(search.ratio).toEqual(expect.any(Number));
  }, 240_000);
});
