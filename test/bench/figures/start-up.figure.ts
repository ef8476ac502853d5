import { ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '@insyn/config';
import { findFreePort, removeDataDir, temporaryDataDir } from '@insyn/embedded-services';
import { BenchContext } from '../bench-context';
import { progress, round, sleep } from '../bench-timing';

const MAIN = join(__dirname, '..', '..', '..', 'apps', 'registry-api', 'src', 'main.js');

/**
 * 6. Start-up: the built `npm start` (node dist/apps/registry-api/src/main.js, embedded servers,
 * demo data) on an empty data folder until GET /health answers 200, then again on the folder
 * it left. The build step of `npm start` is not counted (`npm run bench` has just built).
 */
export async function startUpFigure(context: Pick<BenchContext, 'record'>): Promise<void> {
  const dataDir = temporaryDataDir('insyn-bench-start-');
  try {
    const empty = await timeToHealthy(dataDir);
    const existing = await timeToHealthy(dataDir);
    context.record({
      group: '6. start-up',
      name: 'start-up, empty data folder → healthy',
      value: empty,
      unit: 's',
      goal: '≤ 5 s',
      pass: empty <= 5,
    });
    context.record({
      group: '6. start-up',
      name: 'start-up, existing data folder → healthy',
      value: existing,
      unit: 's',
      goal: '≤ 2 s',
      pass: existing <= 2,
    });
  } finally {
    removeDataDir(dataDir);
  }
}

async function timeToHealthy(dataDir: string): Promise<number> {
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    INSYN_DATA_DIR: dataDir,
    PORT: String(port),
    LOG_LEVEL: 'warn',
  };
  for (const name of [
    'DATABASE_URL',
    'MEILI_HOST',
    'MEILI_MASTER_KEY',
    'NODE_ENV',
    'INSYN_RUN_INDEXER',
  ])
    delete env[name];
  progress(`start-up: ${dataDir}`);
  const started = performance.now();
  const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, MAIN], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  try {
    const deadline = Date.now() + 120_000;
    while (!(await healthy(port))) {
      if (child.exitCode !== null)
        throw new Error(`npm start exited with ${child.exitCode}: ${output}`);
      if (Date.now() > deadline) throw new Error(`npm start was not healthy in 120 s: ${output}`);
      await sleep(25);
    }
    return round((performance.now() - started) / 1000);
  } finally {
    await stop(child);
  }
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}
