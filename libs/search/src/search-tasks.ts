import type { EnqueuedTask, Meilisearch, Task } from './meilisearch/meilisearch-sdk';

/** A Meilisearch task that ended `failed` or `canceled`. */
export class SearchTaskFailedError extends Error {
  constructor(readonly task: Task) {
    super(
      `Meilisearch task ${task.uid} (${task.type}) ${task.status}: ${task.error?.code ?? ''} ${task.error?.message ?? ''}`.trim(),
    );
    this.name = 'SearchTaskFailedError';
  }

  /** Meilisearch refused the request itself (a bad document, a bad setting), not a server fault. */
  get rejected(): boolean {
    return this.task.status === 'failed' && this.task.error?.type === 'invalid_request';
  }
}

/** Meilisearch did not finish a task in time (it may still finish it later). */
export class SearchTaskTimeoutError extends Error {
  constructor(
    readonly taskUid: number,
    readonly timeoutMs: number,
  ) {
    super(`Meilisearch task ${taskUid} did not finish within ${timeoutMs} ms`);
    this.name = 'SearchTaskTimeoutError';
  }
}

/**
 * Polls a task until it is no longer enqueued or processing: every 10 ms at first, then up to
 * every 50 ms. (The client's own waitForTask leaks an abort listener per poll.)
 */
export async function waitForTask(
  client: Meilisearch,
  taskUid: number,
  timeoutMs = 30_000,
): Promise<Task> {
  const deadline = Date.now() + timeoutMs;
  let interval = 10;
  for (;;) {
    const task = await client.tasks.getTask(taskUid);
    if (task.status !== 'enqueued' && task.status !== 'processing') return task;
    if (Date.now() >= deadline) throw new SearchTaskTimeoutError(taskUid, timeoutMs);
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(50, Math.round(interval * 1.5));
  }
}

/** Waits for an enqueued task and returns it if it succeeded; throws SearchTaskFailedError if not. */
export async function succeeded(
  client: Meilisearch,
  enqueued: EnqueuedTask | Promise<EnqueuedTask>,
  timeoutMs?: number,
): Promise<Task> {
  const task = await waitForTask(client, (await enqueued).taskUid, timeoutMs);
  if (task.status !== 'succeeded') throw new SearchTaskFailedError(task);
  return task;
}
