import { LiveTokenCache } from './live-token-cache';

describe('LiveTokenCache', () => {
  it('keeps positive and negative answers for its time, then forgets them', () => {
    let now = 1_000;
    const cache = new LiveTokenCache(10_000, 100, () => now);
    expect(cache.get('good')).toBeUndefined();
    cache.set('good', true);
    cache.set('bad', false);
    now += 9_999;
    expect(cache.get('good')).toBe(true);
    expect(cache.get('bad')).toBe(false);
    now += 1;
    expect(cache.get('good')).toBeUndefined();
    expect(cache.get('bad')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("keeps an answer no later than the token's end date", () => {
    let now = 1_000;
    const cache = new LiveTokenCache(10_000, 100, () => now);
    cache.set('expiring', true, 4_000);
    cache.set('ended', true, 1_000);
    expect(cache.get('ended')).toBeUndefined();
    now = 3_999;
    expect(cache.get('expiring')).toBe(true);
    now = 4_000;
    expect(cache.get('expiring')).toBeUndefined();
    // A long memory (the 24 h "seen live") ends with the token as well.
    const seen = new LiveTokenCache(24 * 60 * 60_000, 100, () => now);
    seen.set('expiring', true, 5_000);
    now = 5_000;
    expect(seen.get('expiring')).toBeUndefined();
    expect(seen.size).toBe(0);
  });

  it('forgets an answer on demand', () => {
    const cache = new LiveTokenCache(10_000, 100, () => 0);
    cache.set('revoked', true);
    cache.delete('revoked');
    expect(cache.get('revoked')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('replaces an answer, and its time starts again', () => {
    let now = 0;
    const cache = new LiveTokenCache(1_000, 100, () => now);
    cache.set('token', true);
    now = 900;
    cache.set('token', false);
    now = 1_500;
    expect(cache.get('token')).toBe(false);
  });

  it('holds at most maxEntries answers, forgetting the oldest first', () => {
    const cache = new LiveTokenCache(60_000, 3, () => 0);
    for (const key of ['a', 'b', 'c', 'd']) cache.set(key, false);
    expect(cache.size).toBe(3);
    expect(cache.get('a')).toBeUndefined();
    expect(['b', 'c', 'd'].map((key) => cache.get(key))).toEqual([false, false, false]);
  });

  it('keeps nothing when its time is zero', () => {
    const cache = new LiveTokenCache(0);
    cache.set('token', true);
    expect(cache.get('token')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
