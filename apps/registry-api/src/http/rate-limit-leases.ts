import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';

/** What one request's counting decided. */
export interface LeasedCount {
  allowed: boolean;
  /**
   * Requests counted for the key in this window, as best this process knows: exact when the
   * process just asked the store, otherwise what the store had counted minus the points this
   * process holds but has not used. Over the limit it is `points + 1` for this process's first
   * refusal in the window (which is logged) and `points + 2` after.
   */
  totalHits: number;
  /** When the key's window ends. */
  resetTime: Date;
}

/** The largest lease, as a share of the limit: what one process may hold unused at a window's end. */
const LEASE_SHARE = 1 / 40;
/** Keys with a lease held in memory at once; past it, keys count one by one in the store. */
export const MAX_LEASED_KEYS = 50_000;

interface Lease {
  /** Points taken from the store and not yet used. */
  left: number;
  /** The store's count for the key after this process's last take. */
  counted: number;
  /** Size of the last take: the next one doubles it, up to the largest lease. */
  size: number;
  /** When the store's window for the key ends (the points expire with it). */
  windowEnd: number;
  /** This process's first refusal of the key in this window was reported. */
  refused: boolean;
  /** A take from the store in flight: requests for the key wait for it rather than start another. */
  pending?: Promise<void>;
}

/**
 * Counts requests against a shared limiter (PostgreSQL or Redis) without a round trip for each:
 * a process takes a key's points from the store a few at a time, and hands them out from memory.
 * A key's first request in a window takes one point; each further take doubles, up to 1/40 of
 * the limit (15 of 600). The sum across processes still never passes the limit, since every
 * point handed out was counted in the store first; what a process took and a client did not use
 * before the window ended is lost, so a client spreading its requests over N processes may be
 * refused up to (N − 1) × 1/40 of the limit early. A limit under 80 is counted one by one, as is
 * every key past MAX_LEASED_KEYS.
 *
 * rate-limiter-flexible has no such batching of its own; its in-memory block
 * (`inMemoryBlockOnConsumed`) still refuses a spent key without asking the store.
 */
export class RateLimitLeases {
  private readonly leases = new Map<string, Lease>();
  private readonly maxLease: number;
  private nextSweep = 0;

  constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly points: number,
  ) {
    this.maxLease = Math.max(1, Math.floor(points * LEASE_SHARE));
  }

  async consume(key: string): Promise<LeasedCount> {
    for (;;) {
      const now = Date.now();
      let lease = this.leases.get(key);
      // Before the window's end is looked at: a first take has none yet.
      if (lease?.pending) {
        await lease.pending;
        continue;
      }
      if (lease && lease.windowEnd <= now) {
        this.leases.delete(key);
        lease = undefined;
      }
      if (lease && lease.left > 0) {
        lease.left -= 1;
        return this.allowed(lease);
      }
      if (lease && lease.counted > this.points) return this.refused(lease);
      return this.take(key, lease, now);
    }
  }

  /**
   * A request that should not have counted: its point goes back to this process's lease, for
   * the key's next request here (the store's count stays; it is the sum of what was taken).
   */
  giveBack(key: string): void {
    const lease = this.leases.get(key);
    if (lease && lease.windowEnd > Date.now() && lease.counted - lease.left > 0) lease.left += 1;
  }

  /** Forgets the key here and in the store. */
  async reset(key: string): Promise<void> {
    this.leases.delete(key);
    await this.limiter.delete(key);
  }

  private async take(key: string, previous: Lease | undefined, now: number): Promise<LeasedCount> {
    const size = Math.min(this.maxLease, previous ? previous.size * 2 : 1);
    const lease: Lease = previous ?? {
      left: 0,
      counted: 0,
      size,
      windowEnd: now,
      refused: false,
    };
    this.sweep(now);
    // One key's requests share one take; an unleased key (past the cap) counts one by one.
    const keep = size > 1 || previous !== undefined || this.leases.size < MAX_LEASED_KEYS;
    let settle!: () => void;
    lease.pending = new Promise<void>((resolve) => (settle = resolve));
    if (keep) this.leases.set(key, lease);
    // The window's end as of the moment the request left: the store counted later, so its window
    // ends no earlier than this, and no leased point is used after the window it was counted in.
    const sentAt = Date.now();
    try {
      let state: RateLimiterRes;
      try {
        state = await this.limiter.consume(key, size);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        state = rejection;
      }
      lease.size = size;
      lease.windowEnd = sentAt + Math.max(0, state.msBeforeNext);
      if (state.consumedPoints === 0) {
        // Refused from the limiter's memory: the key is spent until its window ends.
        lease.left = 0;
        lease.counted = this.points + 1;
        lease.refused = true;
        return this.refused(lease);
      }
      lease.counted = state.consumedPoints;
      // What of this take fits under the limit (all of it, or the last few points of the window).
      const granted = Math.max(0, Math.min(size, this.points - (state.consumedPoints - size)));
      if (granted === 0) return this.refused(lease);
      lease.left = granted - 1;
      return this.allowed(lease);
    } finally {
      lease.pending = undefined;
      settle();
      if (!keep) this.leases.delete(key);
    }
  }

  private allowed(lease: Lease): LeasedCount {
    return {
      allowed: true,
      totalHits: Math.min(this.points, lease.counted - lease.left),
      resetTime: new Date(lease.windowEnd),
    };
  }

  private refused(lease: Lease): LeasedCount {
    const first = !lease.refused;
    lease.refused = true;
    return {
      allowed: false,
      totalHits: this.points + (first ? 1 : 2),
      resetTime: new Date(lease.windowEnd),
    };
  }

  /** Drops the leases of ended windows, at most once a second. */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 1_000;
    for (const [key, lease] of this.leases)
      if (lease.windowEnd <= now && !lease.pending) this.leases.delete(key);
  }
}
