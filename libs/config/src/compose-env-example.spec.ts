import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_KEYS } from './insyn-config';

/** The keys an env file names, set or commented out (`# KEY=…`). */
function keysOf(file: string): string[] {
  return readFileSync(join(__dirname, '../../../docker', file), 'utf8')
    .split('\n')
    .map((line) => line.replace(/^#\s*/, ''))
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => line.split('=')[0]);
}

describe('docker/insyn.env.example', () => {
  it('names every variable Insyn reads, as it says it does, and no other', () => {
    expect([...new Set(keysOf('insyn.env.example'))].sort()).toEqual([...CONFIG_KEYS].sort());
  });

  it('gives Meilisearch its master key alone', () => {
    expect(keysOf('meilisearch.env.example')).toEqual(['MEILI_MASTER_KEY']);
  });
});
