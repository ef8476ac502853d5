import { runInNewContext } from 'node:vm';
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

/** Runs the page's script with the browser's globals stubbed; resolves to GraphiQL's props. */
function startExplorer(localStorage: OriginStorage): Promise<{ storage: ExplorerStorage }> {
  return new Promise((resolve) => {
    const root = { getAttribute: (name: string) => `/${name}` };
    runInNewContext(EXPLORER_SCRIPT, {
      window: { localStorage },
      document: { getElementById: () => root },
      console: { warn: () => undefined },
      fetch: () => Promise.reject(new Error('offline')),
      GraphiQL: { createFetcher: () => () => undefined },
      React: { createElement: (_: unknown, props: unknown) => props },
      ReactDOM: { createRoot: () => ({ render: resolve }) },
    });
  });
}

describe('the explorer page script', () => {
  it("clears and counts GraphiQL's own keys only, leaving the origin's others", async () => {
    const origin = new OriginStorage();
    origin.setItem('site:preference', 'kept');
    origin.setItem('graphiql:query', '{ principles { code } }');
    const { storage } = await startExplorer(origin);

    storage.setItem('graphiql:tabState', '{"tabs":[]}');
    expect(storage.length).toBe(2);
    storage.clear();

    expect(storage.length).toBe(0);
    expect([...origin.items]).toEqual([['site:preference', 'kept']]);
  });

  it('saves no headers, and cleans those an earlier visit saved', async () => {
    const origin = new OriginStorage();
    origin.setItem('graphiql:queries', '{"queries":[{"query":"{a}","headers":"Bearer x"}]}');
    origin.setItem('site:headers', '{"headers":"not GraphiQL\'s"}');
    const { storage } = await startExplorer(origin);

    expect(origin.getItem('graphiql:queries')).toBe('{"queries":[{"query":"{a}","headers":""}]}');
    expect(origin.getItem('site:headers')).toBe('{"headers":"not GraphiQL\'s"}');
    storage.setItem('graphiql:tabState', '{"tabs":[{"headers":"Bearer y"}]}');
    expect(storage.getItem('graphiql:tabState')).toBe('{"tabs":[{"headers":""}]}');
  });
});
