/**
 * A sleep that a notification can cut short. A notification that arrives while nobody sleeps
 * is remembered, so the next sleep returns at once; `close()` ends every sleep for good.
 */
export class Wakeup {
  private pending = false;
  private closed = false;
  private sleepers = new Set<{ wakeable: boolean; done: () => void }>();

  notify(): void {
    let woke = false;
    for (const sleeper of this.sleepers) {
      if (!sleeper.wakeable) continue;
      sleeper.done();
      woke = true;
    }
    if (!woke) this.pending = true;
  }

  /** Sleeps `ms`; `wakeable` sleeps also end on a notification. */
  sleep(ms: number, wakeable = true): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (wakeable && this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const sleeper = {
        wakeable,
        done: () => {
          clearTimeout(timer);
          this.sleepers.delete(sleeper);
          resolve();
        },
      };
      const timer = setTimeout(sleeper.done, Math.max(0, ms));
      this.sleepers.add(sleeper);
    });
  }

  close(): void {
    this.closed = true;
    for (const sleeper of [...this.sleepers]) sleeper.done();
  }
}
