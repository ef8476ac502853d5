/**
 * Starts GraphiQL on the explorer page (served as /graphql/explorer/explorer.js, after React,
 * ReactDOM and GraphiQL's bundle; no inline script, as the CSP allows none). The headers editor
 * is open, for an `Authorization: Bearer …` header; headers are not persisted (GraphiQL's
 * default), so a token stays in the tab that it was typed into.
 */
export const EXPLORER_SCRIPT = `(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  var fetcher = GraphiQL.createFetcher({ url: root.getAttribute('data-endpoint') });
  var defaultQuery = [
    '# Insyn\\u2019s GraphQL API. Ctrl-Enter runs the query,',
    '# Ctrl-Space completes; the book icon opens the docs.',
    '',
    '{',
    '  principles(language: en) {',
    '    code',
    '    title',
    '  }',
    '}',
    ''
  ].join('\\n');
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false
    })
  );
})();
`;
