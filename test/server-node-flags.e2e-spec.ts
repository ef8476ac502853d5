import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_NODE_FLAGS } from '@insyn/config';

/**
 * The API and the indexer run with the same node flags wherever they start: package.json's start
 * scripts, the production image, and the benchmark that measured them (which imports the list).
 */
describe('the servers’ node flags', () => {
  const root = join(__dirname, '..');
  const scripts = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const flags = SERVER_NODE_FLAGS.join(' ');

  it('are on every start script that runs a server', () => {
    expect(SERVER_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const name of ['start', 'start:api', 'start:indexer']) {
      const server = /exec node (.*)dist\/apps\/(registry-api|indexer)\/src\/main\.js$/.exec(
        scripts[name],
      );
      expect({ name, flags: server?.[1].trim() }).toEqual({ name, flags });
    }
  });

  it('are the production image’s NODE_OPTIONS, which its API and its indexer both read', () => {
    const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');
    expect(/^\s+NODE_OPTIONS=(\S+) \\$/m.exec(dockerfile)?.[1]).toBe(flags);
    // No command in compose starts node with flags of its own instead.
    const compose = readFileSync(join(root, 'docker/compose.yml'), 'utf8');
    expect(compose).not.toMatch(/\["node", "--/);
    expect(compose).not.toMatch(/NODE_OPTIONS/);
  });

  it('are flags node accepts in NODE_OPTIONS', () => {
    // Node refuses a flag it does not allow there at start, naming it.
    for (const flag of SERVER_NODE_FLAGS)
      expect(process.allowedNodeEnvironmentFlags.has(flag.split('=')[0])).toBe(true);
  });
});
