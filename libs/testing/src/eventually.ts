export interface EventuallyOptions {
  /** Give up after this long (the test then fails with the last value seen). */
  timeoutMs?: number;
  /** Pause between probes. */
  intervalMs?: number;
  /** What was awaited, for the failure message. */
  what?: string;
}

/**
 * Polls `probe` until `accept` holds, with a deadline (instead of sleeping a guessed time).
 * Returns the accepted value and how long it took.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  options: EventuallyOptions = {},
): Promise<{ value: T; elapsedMs: number }> {
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 10_000);
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (accept(last)) return { value: last, elapsedMs: Date.now() - started };
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const seen = lastError
        ? `last error: ${(lastError as Error).message}`
        : `last value: ${JSON.stringify(last)?.slice(0, 2000)}`;
      throw new Error(
        `timed out after ${Date.now() - started} ms waiting for ${options.what ?? 'a condition'}; ${seen}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 25));
  }
}
