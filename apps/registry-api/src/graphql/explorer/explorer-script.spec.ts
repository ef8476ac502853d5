import { runInNewContext } from 'node:vm';
import {
  buildClientSchema,
  buildSchema,
  getIntrospectionQuery,
  IntrospectionQuery,
  introspectionFromSchema,
} from 'graphql';
import { EXPLORER_SCRIPT } from './explorer-script';

/** A localStorage of the origin: GraphiQL's keys and the site's other keys side by side. */
class OriginStorage {
  readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, String(value));
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
}

interface ExplorerStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  clear(): void;
  readonly length: number;
}

type Fetcher = (params: unknown, options?: unknown) => Promise<unknown>;

/** What the page's fetch answers, by URL; a URL not here fails with HTTP 404. */
type Files = Record<string, { status?: number; body: string }>;

interface Browser {
  files?: Files;
  /** What the GraphQL endpoint answers an introspection query. */
  introspection?: unknown;
}

/** Runs the page's script with the browser's globals stubbed. */
function startExplorer(localStorage: OriginStorage, browser: Browser = {}) {
  const requests: { url: string; cache: string }[] = [];
  const introspected: unknown[] = [];
  const note = { hidden: true };
  let schemaFetcher: Fetcher | undefined;
  let props: { storage: ExplorerStorage } | undefined;
  const root = {
    getAttribute: (name: string) =>
      ({
        'data-endpoint': '/graphql',
        'data-schema': '/graphql/explorer/schema.json?v=0123456789abcdef',
        'data-sdl': '/schema.gql',
      })[name] ?? null,
  };
  runInNewContext(EXPLORER_SCRIPT, {
    window: { localStorage },
    document: { getElementById: (id: string) => (id === 'graphiql' ? root : note) },
    console: { warn: () => undefined },
    fetch: (url: string, init: { cache: string }) => {
      requests.push({ url, cache: init.cache });
      const file = browser.files?.[url] ?? { status: 404, body: 'Not found' };
      const status = file.status ?? 200;
      return Promise.resolve({
        ok: status < 400,
        status,
        text: () => Promise.resolve(file.body),
        json: () => Promise.resolve(JSON.parse(file.body)),
      });
    },
    GraphiQL: {
      GraphQL: { buildSchema, introspectionFromSchema },
      createFetcher: (options: { schemaFetcher?: Fetcher }) => {
        // The page's fetcher is the one with a schemaFetcher; the other introspects.
        if (options.schemaFetcher) schemaFetcher = options.schemaFetcher;
        return (params: unknown) => {
          introspected.push(params);
          return Promise.resolve(browser.introspection);
        };
      },
    },
    React: { createElement: (_: unknown, given: { storage: ExplorerStorage }) => given },
    ReactDOM: {
      createRoot: () => ({
        render: (given: { storage: ExplorerStorage }) => (props = given),
      }),
    },
  });
  /** GraphiQL's introspection (on start, on ↻), as its fetcher answers it. */
  const fetchSchema = () =>
    schemaFetcher!({ query: INTROSPECTION, operationName: 'IntrospectionQuery' });
  return { props: props!, fetchSchema, requests, introspected, note };
}

const INTROSPECTION = getIntrospectionQuery();
const SDL = 'type Query {\n  "The principles."\n  principles: [String!]!\n}\n';
const CHANGED_SDL = 'type Query {\n  principles: [String!]!\n  concerns: [String!]!\n}\n';
const json = (sdl: string) => JSON.stringify(introspectionFromSchema(buildSchema(sdl)));
/** The fields of Query in an answer to the introspection query. */
function queryFields(result: unknown): string[] {
  const { data } = result as { data: IntrospectionQuery };
  return Object.keys(buildClientSchema(data).getQueryType()!.getFields());
}

describe('the explorer page script', () => {
  it("clears and counts GraphiQL's own keys only, leaving the origin's others", () => {
    const origin = new OriginStorage();
    origin.setItem('site:preference', 'kept');
    origin.setItem('graphiql:query', '{ principles { code } }');
    const { storage } = startExplorer(origin).props;

    storage.setItem('graphiql:tabState', '{"tabs":[]}');
    expect(storage.length).toBe(2);
    storage.clear();

    expect(storage.length).toBe(0);
    expect([...origin.items]).toEqual([['site:preference', 'kept']]);
  });

  it('saves no headers, and cleans those an earlier visit saved', () => {
    const origin = new OriginStorage();
    origin.setItem('graphiql:queries', '{"queries":[{"query":"{a}","headers":"Bearer x"}]}');
    origin.setItem('site:headers', '{"headers":"not GraphiQL\'s"}');
    const { storage } = startExplorer(origin).props;

    expect(origin.getItem('graphiql:queries')).toBe('{"queries":[{"query":"{a}","headers":""}]}');
    expect(origin.getItem('site:headers')).toBe('{"headers":"not GraphiQL\'s"}');
    storage.setItem('graphiql:tabState', '{"tabs":[{"headers":"Bearer y"}]}');
    expect(storage.getItem('graphiql:tabState')).toBe('{"tabs":[{"headers":""}]}');
  });

  describe("answers GraphiQL's introspection (on start and on ↻)", () => {
    const JSON_URL = '/graphql/explorer/schema.json';

    it('with schema.json: the versioned file first, then the current one, revalidated', async () => {
      const files: Files = { [`${JSON_URL}?v=0123456789abcdef`]: { body: json(SDL) } };
      const explorer = startExplorer(new OriginStorage(), { files });
      expect(queryFields(await explorer.fetchSchema())).toEqual(['principles']);

      files[JSON_URL] = { body: json(CHANGED_SDL) };
      expect(queryFields(await explorer.fetchSchema())).toEqual(['principles', 'concerns']);
      expect(explorer.requests).toEqual([
        { url: `${JSON_URL}?v=0123456789abcdef`, cache: 'default' },
        { url: JSON_URL, cache: 'no-cache' },
      ]);
      expect(explorer.introspected).toEqual([]);
      expect(explorer.note.hidden).toBe(true);
    });

    it('with the SDL when schema.json fails or holds no schema', async () => {
      const files: Files = {
        [`${JSON_URL}?v=0123456789abcdef`]: { status: 503, body: 'Unavailable' },
        '/schema.gql': { body: SDL },
      };
      const explorer = startExplorer(new OriginStorage(), { files });
      const result = await explorer.fetchSchema();
      expect(queryFields(result)).toEqual(['principles']);
      // Descriptions come through, for the Docs pane.
      expect(JSON.stringify(result)).toContain('The principles.');

      files[JSON_URL] = { body: '{"data":null}' };
      files['/schema.gql'] = { body: CHANGED_SDL };
      expect(queryFields(await explorer.fetchSchema())).toEqual(['principles', 'concerns']);
      expect(explorer.requests.map(({ url, cache }) => `${url} ${cache}`)).toEqual([
        `${JSON_URL}?v=0123456789abcdef default`,
        '/schema.gql default',
        `${JSON_URL} no-cache`,
        '/schema.gql no-cache',
      ]);
      expect(explorer.introspected).toEqual([]);
      expect(explorer.note.hidden).toBe(true);
    });

    it('by introspection when neither loads, noting it while no schema comes of it', async () => {
      const files: Files = { '/schema.gql': { body: 'type Query {' } };
      const refused = { errors: [{ message: 'introspection is refused' }] };
      const browser: Browser = { files, introspection: refused };
      const explorer = startExplorer(new OriginStorage(), browser);
      await expect(explorer.fetchSchema()).resolves.toEqual(refused);
      expect(explorer.introspected).toEqual([
        { query: INTROSPECTION, operationName: 'IntrospectionQuery' },
      ]);
      expect(explorer.note.hidden).toBe(false);

      // A token holder's introspection brings the schema: the note goes.
      browser.introspection = { data: introspectionFromSchema(buildSchema(SDL)) };
      expect(queryFields(await explorer.fetchSchema())).toEqual(['principles']);
      expect(explorer.note.hidden).toBe(true);

      // The published schema back: no introspection any more, and no note.
      browser.introspection = refused;
      await explorer.fetchSchema();
      expect(explorer.note.hidden).toBe(false);
      files[JSON_URL] = { body: json(SDL) };
      expect(queryFields(await explorer.fetchSchema())).toEqual(['principles']);
      expect(explorer.introspected).toHaveLength(3);
      expect(explorer.note.hidden).toBe(true);
    });
  });
});
