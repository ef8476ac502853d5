/** Tokens whose answer one process keeps at once; past it, the oldest answer is forgotten. */
export const MAX_CACHED_TOKENS = 10_000;

/**
 * Whether a bearer token was live (known, not revoked, not expired) when this process last asked the database,
 * kept for `ttlMs`: the rate limit's choice of budget only (the token's own, or its address's).
 * Authentication never reads it; it looks the token up every time, so a revocation refuses the
 * next request at once, while the revoked token may keep its own budget for up to `ttlMs`.
 * Keys are the rate limit's keyed hashes of the tokens, never the tokens.
 */
export class LiveTokenCache {
  private readonly answers = new Map<string, { live: boolean; until: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = MAX_CACHED_TOKENS,
    private readonly now: () => number = Date.now,
  ) {}

  /** The answer kept for the key, or undefined when there is none or it is too old. */
  get(key: string): boolean | undefined {
    const answer = this.answers.get(key);
    if (!answer) return undefined;
    if (answer.until > this.now()) return answer.live;
    this.answers.delete(key);
    return undefined;
  }

  /**
   * Keeps the answer for `ttlMs`, or only until `endsAt` (epoch ms) when that is sooner: a token's
   * end date, which no answer that it is live may outlive.
   */
  set(key: string, live: boolean, endsAt = Infinity): void {
    const until = Math.min(this.now() + this.ttlMs, endsAt);
    if (this.ttlMs <= 0 || until <= this.now()) {
      this.answers.delete(key);
      return;
    }
    this.answers.delete(key);
    // A Map iterates in insertion order: the first key is the oldest answer.
    while (this.answers.size >= this.maxEntries) {
      const oldest = this.answers.keys().next();
      if (oldest.done) break;
      this.answers.delete(oldest.value);
    }
    this.answers.set(key, { live, until });
  }

  /** Forgets the key's answer. */
  delete(key: string): void {
    this.answers.delete(key);
  }

  get size(): number {
    return this.answers.size;
  }
}
