import { settledWithin } from './bounded-stop';

describe('settledWithin', () => {
  it('is true when the work settles in time, rejected or not, and false at the deadline', async () => {
    expect(await settledWithin(Promise.resolve(), 1_000)).toBe(true);
    expect(await settledWithin(Promise.reject(new Error('pool')), 1_000)).toBe(true);
    // Work that never ends (a pool's end() on a server that stopped answering).
    expect(await settledWithin(new Promise(() => undefined), 20)).toBe(false);
  });
});
