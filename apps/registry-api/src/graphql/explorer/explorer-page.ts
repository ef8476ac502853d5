import type { ExplorerAsset } from './explorer-assets';

/**
 * The explorer's HTML: GraphiQL's style sheet and scripts, all from this origin with their
 * content hashes, and no inline script or style. A note above GraphiQL tells token holders where
 * their Authorization header goes and everyone where the published schema is.
 */
export function explorerPage(
  graphqlPath: string,
  assetsPath: string,
  assets: Map<string, ExplorerAsset>,
): string {
  const url = (name: string) => `${assetsPath}/${name}?v=${assets.get(name)!.hash}`;
  const script = (name: string) => `    <script defer src="${url(name)}"></script>`;
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
      With an API token: open <em>Headers</em> below, enter
      <code>{"Authorization": "Bearer <var>your token</var>"}</code> and re-fetch the schema
      (the ↻ button on the left); the token is kept in this tab only. Without one, you see what
      the public sees. The schema is published at <a href="/schema.gql">/schema.gql</a>.
    </p>
    <div id="graphiql" data-endpoint="${graphqlPath}">
      <noscript>The explorer needs JavaScript. Send queries with POST to ${graphqlPath}; the schema is at <a href="/schema.gql">/schema.gql</a>.</noscript>
    </div>
  </body>
</html>
`;
}
