import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { subset } from 'semver';
import { SUPPORTED_NODE_RANGE, unsupportedNodeWarning } from './supported-node';

const root = join(__dirname, '..', '..', '..');

/** Every installed package's `engines.node`, by its name. */
function declaredEngines(): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      if (name.startsWith('.')) continue;
      const path = join(folder, name);
      if (name.startsWith('@')) {
        walk(path);
        continue;
      }
      try {
        const json = JSON.parse(readFileSync(join(path, 'package.json'), 'utf8')) as {
          name?: string;
          engines?: { node?: string };
        };
        if (json.name && typeof json.engines?.node === 'string')
          found.set(`${json.name} (${path})`, json.engines.node);
      } catch {
        // Not a package (a folder of binaries, say).
      }
      try {
        walk(join(path, 'node_modules'));
      } catch {
        // No nested packages.
      }
    }
  };
  walk(join(root, 'node_modules'));
  return found;
}

describe('supported Node.js versions', () => {
  it('are package.json’s engines', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      engines: { node: string };
    };
    expect(pkg.engines.node).toBe(SUPPORTED_NODE_RANGE);
  });

  it('are within what every installed package declares, so npm ci warns on none of them', () => {
    const narrower = [...declaredEngines()].filter(
      ([, range]) => !subset(SUPPORTED_NODE_RANGE, range, { includePrerelease: false }),
    );
    expect(narrower).toEqual([]);
  });

  it('are warned of at start outside the range, and not within it', () => {
    for (const version of ['22.22.3', '22.23.5', '24.15.0', '24.22.3'])
      expect(unsupportedNodeWarning(version)).toBeUndefined();
    for (const version of ['20.20.2', '22.12.0', '22.22.2', '23.11.0', '24.14.9', '26.0.0'])
      expect(unsupportedNodeWarning(version)).toContain(`Node.js ${version} is not a version`);
  });
});
