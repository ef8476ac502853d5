import { PendingTokenLookups } from './pending-token-lookups';

describe('PendingTokenLookups', () => {
  it('counts what it holds per address, and settles each once however often called', () => {
    const pending = new PendingTokenLookups();
    const first = pending.hold('a');
    pending.hold('a');
    pending.hold('b');
    expect([pending.count('a'), pending.count('b'), pending.count('c')]).toEqual([2, 1, 0]);
    first();
    first();
    expect(pending.count('a')).toBe(1);
  });

  it('wakes one waiter per settled request, in order, and every waiter when asked', async () => {
    const pending = new PendingTokenLookups();
    const settle = pending.hold('a');
    const woken: number[] = [];
    const waiters = [1, 2, 3].map((n) => pending.waitTurn('a').then(() => woken.push(n)));
    settle();
    await waiters[0];
    expect(woken).toEqual([1]);
    // Another address's waiters are not woken by this one's.
    const other = pending.waitTurn('b').then(() => woken.push(9));
    pending.wakeAll('a');
    await Promise.all(waiters.slice(1));
    expect(woken).toEqual([1, 2, 3]);
    pending.wakeNext('b');
    await other;
    expect(woken).toEqual([1, 2, 3, 9]);
  });

  it('wakes no one when a request that only checked lets its place go', async () => {
    const pending = new PendingTokenLookups();
    const checking = pending.hold('a');
    const admitted = pending.hold('a');
    let woken = false;
    const waiter = pending.waitTurn('a').then(() => (woken = true));
    checking(false);
    await Promise.resolve();
    expect(woken).toBe(false);
    expect(pending.count('a')).toBe(1);
    admitted();
    await waiter;
    expect(woken).toBe(true);
  });
});
