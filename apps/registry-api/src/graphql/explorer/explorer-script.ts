import { SITE_SCHEMA_PATH } from '../../schema/published-schema';

/**
 * Starts GraphiQL on the explorer page (served as /graphql/explorer/explorer.js, after React,
 * ReactDOM and GraphiQL's bundle; no inline script, as the CSP allows none). The headers editor
 * is open, for an `Authorization: Bearer …` header. A token must stay in the tab it was typed
 * into: `shouldPersistHeaders: false` keeps headers out of the saved tabs, but GraphiQL's query
 * history saved each run's headers in localStorage all the same, where the next user of the
 * browser found an auditor's token (an outside probe). So GraphiQL gets a storage that writes no
 * `headers` anywhere (emptied in every saved value), and cleans what an earlier visit saved.
 *
 * GraphiQL gets the schema as a GraphQLSchema built from the page's schema.json (the published
 * SDL's introspection result), so it sends no introspection query: production refuses those to
 * anonymous callers, whose Docs pane stayed empty after two HTTP 400s. It is built with the
 * `graphql` inside GraphiQL's bundle (`GraphiQL.GraphQL`), whose `isSchema` GraphiQL checks:
 * GraphiQL 4.1 takes an introspection result as its `schema` prop but introspects all the same
 * (graphql/graphiql#4181). Should schema.json fail to load, GraphiQL introspects as before.
 */
export const EXPLORER_SCRIPT = `(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  var fetcher = GraphiQL.createFetcher({ url: root.getAttribute('data-endpoint') });
  var NAMESPACE = 'graphiql:'; // GraphiQL's prefix for what it stores
  var memory = {};
  var kept;
  try {
    kept = window.localStorage;
    kept.getItem('graphiql:probe');
  } catch (e) {
    kept = null; // storage refused (private browsing, a policy): kept in this page only
  }
  function withoutHeaders(value) {
    var parsed;
    try {
      parsed = JSON.parse(value);
    } catch (e) {
      return value;
    }
    (function strip(node) {
      if (!node || typeof node !== 'object') return;
      if (!Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, 'headers'))
        node.headers = '';
      Object.keys(node).forEach(function (key) {
        strip(node[key]);
      });
    })(parsed);
    return JSON.stringify(parsed);
  }
  var storage = {
    getItem: function (key) {
      return kept ? kept.getItem(key) : Object.prototype.hasOwnProperty.call(memory, key) ? memory[key] : null;
    },
    setItem: function (key, value) {
      if (kept) kept.setItem(key, withoutHeaders(value));
      else memory[key] = withoutHeaders(value);
    },
    removeItem: function (key) {
      if (kept) kept.removeItem(key);
      else delete memory[key];
    },
    // GraphiQL's own keys only (as its default storage does): the origin's other keys are not its.
    clear: function () {
      if (kept) ownKeys().forEach(function (key) { kept.removeItem(key); });
      else memory = {};
    },
    get length() {
      return kept ? ownKeys().length : Object.keys(memory).length;
    }
  };
  function ownKeys() {
    var keys = [];
    for (var i = 0; i < kept.length; i++) {
      var key = kept.key(i);
      if (key && key.indexOf(NAMESPACE) === 0) keys.push(key);
    }
    return keys;
  }
  // What a visit before this page's storage saved.
  if (kept)
    ownKeys().forEach(function (key) {
      kept.setItem(key, withoutHeaders(kept.getItem(key)));
    });
  var defaultQuery = [
    '# Insyn\\u2019s GraphQL API. Ctrl-Enter runs the query,',
    '# Ctrl-Space completes; the book icon opens the docs.',
    '# The schema (SDL) is published at ${SITE_SCHEMA_PATH}.',
    '',
    '{',
    '  principles(language: en) {',
    '    code',
    '    title',
    '  }',
    '}',
    ''
  ].join('\\n');
  function start(schema) {
    var props = {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      storage: storage
    };
    if (schema) props.schema = schema;
    ReactDOM.createRoot(root).render(React.createElement(GraphiQL, props));
  }
  fetch(root.getAttribute('data-schema'), { headers: { accept: 'application/json' } })
    .then(function (response) {
      if (!response.ok) throw new Error('schema.json: HTTP ' + response.status);
      return response.json();
    })
    .then(function (introspection) {
      return GraphiQL.GraphQL.buildClientSchema(introspection);
    })
    .then(start, function (error) {
      console.warn('The explorer introspects instead:', error);
      start(null);
    });
})();
`;
