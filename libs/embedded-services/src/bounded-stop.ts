/**
 * How long a process's own parts (the search indexer, the workers, the database pools) may take
 * to stop once its requests are drained. Past it the process stops its embedded servers anyway:
 * a PostgreSQL that stopped answering leaves a pool's end() waiting for ever, and a supervisor's
 * SIGKILL would then orphan the servers.
 */
export const PARTS_STOP_DEADLINE_MS = 10_000;

/**
 * How long a stop waits for the start-up step under way (seeding the demo, starting the indexer)
 * before it stops anyway: such a step takes well under a second; a start-up still waiting for its
 * database (DATABASE_URL retried for up to half a minute) has done nothing to wait for.
 */
export const STARTUP_STEP_WAIT_MS = 5_000;

/** Whether `work` settled (resolved or rejected) within `deadlineMs`. */
export async function settledWithin(work: Promise<unknown>, deadlineMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), deadlineMs);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
