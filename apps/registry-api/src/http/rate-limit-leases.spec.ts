import fc from 'fast-check';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { MAX_LEASED_KEYS, RateLimitLeases } from './rate-limit-leases';

/** A shared store as PostgreSQL would be: one counter per key, seen by every "process". */
const sharedStore = (points: number) => {
  const store = new RateLimiterMemory({ points, duration: 60 });
  const takes: number[] = [];
  const consume = store.consume.bind(store);
  store.consume = (key, size = 1, options) => {
    takes.push(Number(size));
    return consume(key, size, options);
  };
  return { store, takes };
};

describe('RateLimitLeases', () => {
  it('never lets more than the limit through in sum, and all of it when every process keeps being asked', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 700 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.nat(3), { minLength: 1, maxLength: 1_500, size: 'max' }),
        fc.integer({ min: 1, max: 12 }),
        async (points, processes, route, inFlight) => {
          const { store } = sharedStore(points);
          const leases = Array.from(
            { length: processes },
            () => new RateLimitLeases(store, points),
          );
          let allowed = 0;
          const asked = new Set<number>();
          // Requests arrive `inFlight` at a time, each at the process the route names.
          for (let i = 0; i < route.length; i += inFlight) {
            const batch = route.slice(i, i + inFlight).map((p) => p % processes);
            const answers = await Promise.all(batch.map((p) => leases[p].consume('client')));
            batch.forEach((p) => asked.add(p));
            allowed += answers.filter((a) => a.allowed).length;
          }
          expect(allowed).toBeLessThanOrEqual(points);
          // Each process strands at most what its last take held.
          const stranded = (asked.size - 1) * Math.max(1, Math.floor(points / 40));
          if (route.length >= points + stranded)
            expect(allowed).toBeGreaterThanOrEqual(points - stranded);
          // Within one process nothing is stranded.
          if (processes === 1) expect(allowed).toBe(Math.min(points, route.length));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('asks the store once for the first request, then in doubling takes of at most 1/40 of the limit', async () => {
    const { store, takes } = sharedStore(600);
    const leases = new RateLimitLeases(store, 600);
    for (let i = 0; i < 100; i++) expect((await leases.consume('client')).allowed).toBe(true);
    expect(takes.slice(0, 6)).toEqual([1, 2, 4, 8, 15, 15]);
    expect(takes.length).toBeLessThan(12);
    // The counts reported stay those of the requests answered.
    const next = await leases.consume('client');
    expect(next.totalHits).toBe(101);
  });

  it('counts one by one under a limit of 80 (a small limit is exact in every process)', async () => {
    const { store, takes } = sharedStore(5);
    const [a, b] = [new RateLimitLeases(store, 5), new RateLimitLeases(store, 5)];
    const answers = [];
    for (let i = 0; i < 8; i++) answers.push(await (i % 2 ? b : a).consume('client'));
    expect(answers.map((x) => x.allowed)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(takes.every((t) => t === 1)).toBe(true);
  });

  it('shares one take among concurrent requests of a key', async () => {
    const { store, takes } = sharedStore(600);
    const leases = new RateLimitLeases(store, 600);
    await leases.consume('client');
    const answers = await Promise.all(Array.from({ length: 3 }, () => leases.consume('client')));
    expect(answers.every((a) => a.allowed)).toBe(true);
    // The second request took two points; the third waited for that take and used the rest.
    expect(takes).toEqual([1, 2, 4]);
  });

  it('shares the first take of a key among requests that arrive together', async () => {
    const { store, takes } = sharedStore(600);
    const leases = new RateLimitLeases(store, 600);
    const answers = await Promise.all(Array.from({ length: 3 }, () => leases.consume('client')));
    expect(answers.every((a) => a.allowed)).toBe(true);
    expect(takes).toEqual([1, 2]);
  });

  it('reports the first refusal of a window as limit + 1 and the later ones as limit + 2', async () => {
    const { store } = sharedStore(3);
    const leases = new RateLimitLeases(store, 3);
    const hits = [];
    for (let i = 0; i < 6; i++) hits.push((await leases.consume('client')).totalHits);
    expect(hits).toEqual([1, 2, 3, 4, 5, 5]);
  });

  it('gives a point back to the lease, and forgets a key on reset', async () => {
    const { store } = sharedStore(2);
    const leases = new RateLimitLeases(store, 2);
    await leases.consume('client');
    await leases.consume('client');
    expect((await leases.consume('client')).allowed).toBe(false);
    leases.giveBack('client');
    expect((await leases.consume('client')).allowed).toBe(true);
    await leases.reset('client');
    expect((await leases.consume('client')).allowed).toBe(true);
  });

  it('starts a new window when the store says the old one ended', async () => {
    const store = new RateLimiterMemory({ points: 1, duration: 1 });
    const leases = new RateLimitLeases(store, 1);
    const now = jest.spyOn(Date, 'now');
    try {
      const start = Date.now();
      now.mockReturnValue(start);
      expect((await leases.consume('client')).allowed).toBe(true);
      expect((await leases.consume('client')).allowed).toBe(false);
      await store.delete('client'); // the store's window ended…
      now.mockReturnValue(start + 1_001); // …and so did the lease's
      expect((await leases.consume('client')).allowed).toBe(true);
    } finally {
      now.mockRestore();
    }
  });

  it("ends a lease no later than the store's window, however long the store took to answer", async () => {
    const store = new RateLimiterMemory({ points: 600, duration: 60 });
    const now = jest.spyOn(Date, 'now');
    try {
      const start = 1_800_000_000_000;
      now.mockReturnValue(start);
      const consume = store.consume.bind(store);
      // The store counts at once, and its answer arrives 40 ms later.
      store.consume = async (key, points, options) => {
        const state = await consume(key, points, options);
        now.mockReturnValue(start + 40);
        return state;
      };
      const leases = new RateLimitLeases(store, 600);
      const answer = await leases.consume('client');
      expect(answer.resetTime.getTime()).toBe(start + 60_000);
    } finally {
      now.mockRestore();
    }
  });

  it('counts keys one by one past MAX_LEASED_KEYS, still within the limit', async () => {
    const { store, takes } = sharedStore(800);
    const leases = new RateLimitLeases(store, 800);
    for (let i = 0; i < MAX_LEASED_KEYS; i++) await leases.consume(`client-${i}`);
    takes.length = 0;
    for (let i = 0; i < 5; i++) expect((await leases.consume('one more')).allowed).toBe(true);
    expect(takes).toEqual([1, 1, 1, 1, 1]);
  });
});
