import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The committed SDL's file name, at the root of the repository (and of the image's /app). */
export const SCHEMA_FILE = 'schema.gql';

/** Where the API publishes it, for everyone. */
export const SCHEMA_FILE_PATH = '/graphql/schema.graphql';

/** The same file at the short address the site and the GraphQL explorer link to. */
export const SITE_SCHEMA_PATH = '/schema.gql';

/**
 * The committed schema.gql: found beside the nearest package.json above this file, from the
 * sources (tests) as from the build (`dist/…`, the image's /app). Its test keeps it in step with
 * the code, so it is what the API serves.
 */
export function readPublishedSchema(from = __dirname): string {
  return readRepositoryFile(SCHEMA_FILE, from);
}

/**
 * A file of the repository (of the image's /app), by its path from the root: the folder of the
 * nearest package.json above `from`.
 */
export function readRepositoryFile(path: string, from = __dirname): string {
  for (let folder = from; ; folder = dirname(folder)) {
    if (existsSync(join(folder, 'package.json'))) {
      const file = join(folder, path);
      if (!existsSync(file)) throw new Error(`${path} is missing beside ${folder}/package.json`);
      return readFileSync(file, 'utf8');
    }
    if (dirname(folder) === folder) throw new Error(`no package.json above ${from}`);
  }
}
