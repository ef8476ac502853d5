/**
 * Requests with a token this process does not know to be live, per client address, from the
 * moment the failed-token limit lets them through until their token's refusal is counted in the
 * shared storage (or the token proves live, or the request ends). The limit compares the stored
 * count plus these with its maximum: checking the stored count alone let a burst of 500 made-up
 * tokens sent at once from one address all pass before the first refusal was counted (about 280
 * database lookups against a limit of 30). Requests past the maximum wait their turn, one let in
 * as each one ahead of them settles, so a burst of live tokens is delayed, never refused.
 */
export class PendingTokenLookups {
  private readonly pending = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  /** How many of the address's requests are let through and not settled yet. */
  count(address: string): number {
    return this.pending.get(address) ?? 0;
  }

  /**
   * Counts a request for the address; the function returned settles it (once, however often
   * called) and lets the next waiter check again, unless told not to (a request that only
   * checked and waits itself leaves no room behind).
   */
  hold(address: string): (wake?: boolean) => void {
    this.pending.set(address, this.count(address) + 1);
    let settled = false;
    return (wake = true) => {
      if (settled) return;
      settled = true;
      const left = this.count(address) - 1;
      if (left > 0) this.pending.set(address, left);
      else this.pending.delete(address);
      if (wake) this.wakeNext(address);
    };
  }

  /** Resolves when a request of the address settles (or a waiter ahead passes its turn on). */
  waitTurn(address: string): Promise<void> {
    return new Promise((resolve) => {
      const queue = this.waiting.get(address);
      if (queue) queue.push(resolve);
      else this.waiting.set(address, [resolve]);
    });
  }

  /**
   * Lets the address's next waiter check again: when a request settles, and when a woken waiter
   * takes no place itself (it was refused, or its token is now known), so that no waiter is left
   * behind with nothing pending to wake it.
   */
  wakeNext(address: string): void {
    const queue = this.waiting.get(address);
    const next = queue?.shift();
    if (queue?.length === 0) this.waiting.delete(address);
    next?.();
  }

  /** Lets every waiter of the address check again: it is blocked, so none need wait any more. */
  wakeAll(address: string): void {
    const queue = this.waiting.get(address) ?? [];
    this.waiting.delete(address);
    for (const wake of queue) wake();
  }
}
