import DataLoader from 'dataloader';

/**
 * A request's DataLoader that also gives at once what it has already read (`get`). A page
 * resolver that reads beforehand what its entries' fields need lets those fields return plain
 * values: graphql-js then completes the page without a promise (and its bookkeeping) per field
 * of every entry. Keys not read yet are loaded, batched, as by the DataLoader.
 */
export class ReadyLoader<K, V> {
  private readonly ready = new Map<K, V>();
  private readonly cache = new Map<K, Promise<V>>();
  private readonly loader: DataLoader<K, V>;

  constructor(batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>) {
    this.loader = new DataLoader<K, V>(
      async (keys) => {
        const values = await batch(keys);
        keys.forEach((key, i) => {
          const value = values[i];
          if (!(value instanceof Error)) this.ready.set(key, value);
        });
        return values;
      },
      { cacheMap: this.cache },
    );
  }

  load(key: K): Promise<V> {
    return this.loader.load(key);
  }

  /** As DataLoader's loadMany: each value, or the error of its key. */
  loadMany(keys: readonly K[]): Promise<(V | Error)[]> {
    return this.loader.loadMany(keys);
  }

  /**
   * As loadMany, at once (no promise per key) when every key has been read already: a page's
   * own entries and the entries its relations lead to are, when the versions and the relations'
   * departments ask for them.
   */
  getMany(keys: readonly K[]): (V | Error)[] | Promise<(V | Error)[]> {
    return keys.every((key) => this.ready.has(key))
      ? keys.map((key) => this.ready.get(key) as V)
      : this.loader.loadMany(keys);
  }

  /** Reads (batched) the keys not read yet, and gives every key's value; rejects with the first error. */
  loadAll(keys: readonly K[]): Promise<V[]> {
    return Promise.all(keys.map((key) => this.loader.load(key)));
  }

  /** The value when it has been read already, else the promise of it. */
  get(key: K): V | Promise<V> {
    return this.ready.has(key) ? (this.ready.get(key) as V) : this.loader.load(key);
  }

  /** Gives a key its value unless it is read or being read already (as DataLoader's prime). */
  prime(key: K, value: V): void {
    if (this.cache.has(key)) return;
    this.loader.prime(key, value);
    this.ready.set(key, value);
  }
}

/** `f` of a value, at once when it is there, else when its promise resolves. */
export function whenReady<T, R>(
  value: T | Promise<T>,
  f: (value: T) => R | Promise<R>,
): R | Promise<R> {
  return value instanceof Promise ? value.then(f) : f(value);
}
