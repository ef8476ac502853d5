import { SITE_SCHEMA_PATH } from '../../schema/published-schema';
import type { ExplorerAsset } from './explorer-assets';

/**
 * The explorer's HTML: GraphiQL's style sheet and scripts, all from this origin with their
 * content hashes, and no inline script or style. The start script finds the GraphQL endpoint, the
 * schema's introspection JSON and the published SDL in data attributes. A note above GraphiQL
 * tells token holders where their Authorization header goes and everyone where the published
 * schema is; a second one, hidden until the script shows it, that the schema could not be loaded.
 */
export function explorerPage(
  graphqlPath: string,
  assetsPath: string,
  assets: Map<string, ExplorerAsset>,
): string {
  const url = (name: string) => `${assetsPath}/${name}?v=${assets.get(name)!.hash}`;
  const script = (name: string) => `    <script defer src="${url(name)}"></script>`;
  const schema = `<a href="${SITE_SCHEMA_PATH}">${SITE_SCHEMA_PATH}</a>`;
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>GraphQL explorer – Insyn</title>
    <link rel="stylesheet" href="${url('graphiql.css')}">
    <link rel="stylesheet" href="${url('explorer.css')}">
${['react.js', 'react-dom.js', 'graphiql.js', 'explorer.js'].map(script).join('\n')}
  </head>
  <body>
    <p class="explorer-note">
      <strong>Insyn GraphQL explorer.</strong>
      With an API token: open <em>Headers</em> below and enter
      <code>{"Authorization": "Bearer <var>your token</var>"}</code>; the token is kept in this
      tab only. Without one, you see what the public sees. The schema, the same for everyone, is
      published at ${schema}.
    </p>
    <div role="status">
      <p id="explorer-schema-note" class="explorer-note explorer-warning" hidden>
        <strong>The schema could not be loaded</strong>, so the docs and completion may be
        missing. Try again with the ↻ button (Re-fetch GraphQL schema) at the bottom left.
      </p>
    </div>
    <div id="graphiql" data-endpoint="${graphqlPath}" data-schema="${url('schema.json')}" data-sdl="${SITE_SCHEMA_PATH}">
      <noscript>The explorer needs JavaScript. Send queries with POST to ${graphqlPath}; the schema is at ${schema}.</noscript>
    </div>
  </body>
</html>
`;
}
