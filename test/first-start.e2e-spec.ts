import { createServer, Server } from 'node:net';
import { findFreePort, removeDataDir, temporaryDataDir } from '@insyn/embedded-services';
import { AppProcess, builtMain, cleanEnvironment } from '@insyn/testing';

/**
 * A first start that cannot listen (the port taken, or a port below 1024 without root) used to
 * seed the demo data first: its admin token, shown once, was never shown, and the next start,
 * finding the database seeded, showed none. It now listens before it seeds.
 */
describe('a first start on a port already taken', () => {
  const dataDir = temporaryDataDir('insyn-first-start-');
  const started: AppProcess[] = [];
  let taken: Server;
  afterAll(async () => {
    for (const app of started) app.kill();
    await new Promise((resolve) => taken?.close(resolve));
    removeDataDir(dataDir);
  });

  const start = (port: number) => {
    const app = new AppProcess(builtMain('registry-api'), {
      ...cleanEnvironment(),
      LOG_LEVEL: 'info',
      INSYN_DATA_DIR: dataDir,
      PORT: String(port),
    });
    started.push(app);
    return app;
  };

  it('seeds nothing, so that the next start seeds the demo and shows its admin token', async () => {
    const port = await findFreePort();
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(port, resolve));
    const first = start(port);
    expect(await first.exit(120_000)).toBe(1);
    expect(first.stderr).toContain(
      `Insyn failed to start: PORT ${port} is already in use by another process; stop it, or set PORT to another port`,
    );
    expect(first.output).not.toMatch(/Demo admin token|seeded demo data/);
    // Said once, naming the setting: no error line of Nest's own (`listen EADDRINUSE`) beside it.
    expect(first.output).not.toMatch(/"level":50|EADDRINUSE/);

    const second = start(await findFreePort());
    await second.printed(/Insyn is running at/, 120_000);
    expect(second.output).toMatch(/Demo admin token \(shown once\): insyn_/);
    second.process.kill('SIGINT');
    expect(await second.exit(60_000)).toBe(0);
  });
});
