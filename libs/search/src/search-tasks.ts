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

/** Waits for an enqueued task and returns it if it succeeded; throws SearchTaskFailedError if not. */
export async function succeeded(
  client: Meilisearch,
  enqueued: EnqueuedTask | Promise<EnqueuedTask>,
  timeoutMs?: number,
): Promise<Task> {
  const task = await client.tasks.waitForTask((await enqueued).taskUid, {
    ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
  });
  if (task.status !== 'succeeded') throw new SearchTaskFailedError(task);
  return task;
}
