import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSchema, introspectionFromSchema } from 'graphql';
import { readPublishedSchema } from '../../schema/published-schema';
import { EXPLORER_SCRIPT } from './explorer-script';
import { EXPLORER_CSS } from './explorer.css';

/** One static file of the explorer, with its content hash (the `v` of its URL). */
export interface ExplorerAsset {
  body: Buffer;
  type: string;
  hash: string;
}

const JAVASCRIPT = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

function asset(body: string | Buffer, type: string): ExplorerAsset {
  const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  return {
    body: buffer,
    type,
    hash: createHash('sha256').update(buffer).digest('hex').slice(0, 16),
  };
}

/** A file of an npm package, found through its package.json (React exports no `umd/` path). */
function packageFile(name: string, file: string): Buffer {
  return readFileSync(join(dirname(require.resolve(`${name}/package.json`)), file));
}

/**
 * GraphiQL's style sheet less its `@font-face` rules: they embed Roboto and Fira Code as `data:`
 * URLs, which the CSP refuses (fonts from this origin only), and which Chromium loads even when
 * no text uses them. The page uses system fonts instead (explorer.css); 418 kB become 57 kB.
 */
export function withoutEmbeddedFonts(css: string): string {
  return css.replace(/@font-face\s*\{[^}]*\}\s*/g, '');
}

/**
 * The published schema (the committed SDL that /schema.gql serves) as an introspection result,
 * which the explorer hands GraphiQL: production refuses anonymous callers introspection, and the
 * schema is public anyway, so GraphiQL never needs to ask for it (and no visitor sees it refused).
 */
export function publishedSchemaIntrospection(sdl: string = readPublishedSchema()): string {
  return JSON.stringify(introspectionFromSchema(buildSchema(sdl)));
}

/**
 * The explorer's files, by name: GraphiQL 4's browser bundle and style sheet with React 18 and
 * ReactDOM (their UMD builds, which GraphiQL's bundle expects as globals), from their npm
 * packages; the page's own start script and styles, kept as strings in the source (no copy step
 * in the build); and the published schema as introspection JSON, computed once at start. A fixed
 * list: no name from a URL ever reaches the file system.
 */
export function loadExplorerAssets(): Map<string, ExplorerAsset> {
  return new Map([
    ['react.js', asset(packageFile('react', 'umd/react.production.min.js'), JAVASCRIPT)],
    [
      'react-dom.js',
      asset(packageFile('react-dom', 'umd/react-dom.production.min.js'), JAVASCRIPT),
    ],
    ['graphiql.js', asset(packageFile('graphiql', 'graphiql.min.js'), JAVASCRIPT)],
    [
      'graphiql.css',
      asset(
        withoutEmbeddedFonts(packageFile('graphiql', 'graphiql.min.css').toString('utf8')),
        CSS,
      ),
    ],
    ['explorer.js', asset(EXPLORER_SCRIPT, JAVASCRIPT)],
    ['explorer.css', asset(EXPLORER_CSS, CSS)],
    ['schema.json', asset(publishedSchemaIntrospection(), JSON_TYPE)],
  ]);
}
