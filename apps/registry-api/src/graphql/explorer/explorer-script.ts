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
 * GraphiQL gets the published schema, not the endpoint's introspection (production refuses that
 * to anonymous callers, whose Docs pane stayed empty after two HTTP 400s), through its fetcher's
 * `schemaFetcher`, which answers its introspection query: so the ↻ button (Re-fetch GraphQL
 * schema, or Ctrl-Shift-R) loads it again. A `schema` prop would have made ↻ do nothing, as
 * GraphiQL never introspects when given one. The schema is the page's schema.json (the published
 * SDL's introspection result): at first the versioned URL the page names, on ↻ the current file,
 * revalidated. Should it fail, the published SDL, built with the `graphql` inside GraphiQL's
 * bundle (`GraphiQL.GraphQL`); should that fail too, GraphiQL's own introspection, and a note
 * above GraphiQL while no schema came of it.
 */
export const EXPLORER_SCRIPT = `(function () {
  'use strict';
  var root = document.getElementById('graphiql');
  var schemaNote = document.getElementById('explorer-schema-note');
  var endpoint = root.getAttribute('data-endpoint');
  var graphql = GraphiQL.GraphQL;
  var fetcher = GraphiQL.createFetcher({ url: endpoint, schemaFetcher: fetchSchema });
  var introspect = GraphiQL.createFetcher({ url: endpoint });
  var schemaLoads = 0;
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
  // An answer to GraphiQL's introspection query: the published schema, else introspection.
  function fetchSchema(params, options) {
    var turn = ++schemaLoads;
    function found(schema) {
      // Only the latest load decides: an earlier one may end after it.
      if (turn === schemaLoads) schemaNote.hidden = schema;
    }
    return published(turn > 1).then(
      function (introspection) {
        found(true);
        return { data: introspection };
      },
      function (error) {
        console.warn('The explorer introspects instead:', error);
        return Promise.resolve(introspect(params, options)).then(
          function (result) {
            found(Boolean(result && result.data && result.data.__schema));
            return result;
          },
          function (error) {
            found(false);
            throw error;
          }
        );
      }
    );
  }
  // schema.json, else the SDL; again (↻): the current files, revalidated, not the cached ones.
  function published(again) {
    var json = root.getAttribute('data-schema');
    return load(again ? json.split('?')[0] : json, 'application/json', again)
      .then(function (response) {
        return response.json();
      })
      .then(function (introspection) {
        if (!introspection || typeof introspection.__schema !== 'object' || !introspection.__schema)
          throw new Error('schema.json holds no schema');
        return introspection;
      })
      .catch(function (error) {
        console.warn('The explorer builds the schema from its SDL instead:', error);
        return load(root.getAttribute('data-sdl'), 'text/plain', again)
          .then(function (response) {
            return response.text();
          })
          .then(function (sdl) {
            return graphql.introspectionFromSchema(graphql.buildSchema(sdl));
          });
      });
  }
  function load(url, accept, again) {
    return fetch(url, { headers: { accept: accept }, cache: again ? 'no-cache' : 'default' }).then(
      function (response) {
        if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
        return response;
      }
    );
  }
  ReactDOM.createRoot(root).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: defaultQuery,
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      storage: storage
    })
  );
})();
`;
