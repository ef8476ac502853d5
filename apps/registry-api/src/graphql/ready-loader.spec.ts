import { ReadyLoader, whenReady } from './ready-loader';

describe('ReadyLoader', () => {
  const batch = jest.fn(async (keys: readonly string[]) =>
    keys.map((key) => (key === 'bad' ? new Error(`no ${key}`) : key.toUpperCase())),
  );
  beforeEach(() => batch.mockClear());

  it('batches the loads of one tick, then gives what it has read at once', async () => {
    const loader = new ReadyLoader(batch);
    const pending = loader.get('a');
    expect(pending).toBeInstanceOf(Promise);
    expect(await Promise.all([pending, loader.load('b'), loader.get('a')])).toEqual([
      'A',
      'B',
      'A',
    ]);
    expect(batch).toHaveBeenCalledTimes(1);
    expect(batch).toHaveBeenCalledWith(['a', 'b']);
    expect(loader.get('a')).toBe('A');
    expect(loader.getMany(['b', 'a'])).toEqual(['B', 'A']);
    expect(await loader.loadAll(['a', 'c'])).toEqual(['A', 'C']);
    expect(batch).toHaveBeenCalledTimes(2);
    expect(batch).toHaveBeenLastCalledWith(['c']);
  });

  it("gives a key's error as loadMany does, and never as a value at once", async () => {
    const loader = new ReadyLoader(batch);
    const many = loader.getMany(['a', 'bad']);
    expect(many).toBeInstanceOf(Promise);
    const [a, bad] = await many;
    expect(a).toBe('A');
    expect(bad).toEqual(new Error('no bad'));
    const again = loader.get('bad');
    expect(again).toBeInstanceOf(Promise);
    await expect(again).rejects.toThrow('no bad');
    await expect(loader.loadAll(['a', 'bad'])).rejects.toThrow('no bad');
  });

  it('primes only keys not read or being read, as DataLoader does', async () => {
    const loader = new ReadyLoader(batch);
    loader.prime('p', 'primed');
    expect(loader.get('p')).toBe('primed');
    const reading = loader.load('q');
    loader.prime('q', 'late');
    expect(await reading).toBe('Q');
    expect(loader.get('q')).toBe('Q');
    loader.prime('p', 'again');
    expect(loader.get('p')).toBe('primed');
    expect(batch).toHaveBeenCalledWith(['q']);
  });
});

describe('whenReady', () => {
  it('applies a function at once to a value, and after a promise to its value', async () => {
    expect(whenReady(2, (n) => n + 1)).toBe(3);
    const later = whenReady(Promise.resolve(2), (n) => n + 1);
    expect(later).toBeInstanceOf(Promise);
    expect(await later).toBe(3);
  });
});
