import { DataFolderInUseError } from './data-folder';
import {
  commandLineOf,
  isProcessAlive,
  parentOf,
  serverProcessesHolding,
  terminateAll,
} from './process-control';
import { ServiceLog } from './service-log';

export interface LeftoverSearch {
  /** How the log names the server. */
  name: string;
  /** The server's data folder (resolved: /proc shows real paths). */
  folder: string;
  /** Whether an executable is this kind of server. */
  isServer: (executable: string) => boolean;
  /** The server's own shutdown signal, sent before SIGKILL (it may depend on the process). */
  signal: NodeJS.Signals | ((pid: number) => NodeJS.Signals);
  graceMs: number;
  log: ServiceLog;
}

/**
 * Stops the servers a crashed or killed run left holding a data folder. They are found by what
 * they hold (see serverProcessesHolding), not by pid files, which may be gone or stale.
 *
 * The caller holds the data folder's lock, so no other live Insyn can be running these servers.
 * Still, a server whose parent is a live Node.js process other than this one belongs to a running
 * instance (one that took no lock, such as an older version): it is never stopped, and this start
 * is refused instead.
 */
export async function stopLeftoverServers(search: LeftoverSearch): Promise<void> {
  const found = serverProcessesHolding(search.folder, search.isServer);
  if (found.length === 0) return;
  const set = new Set(found);
  for (const pid of found) {
    const parent = parentOf(pid);
    if (parent === undefined || set.has(parent) || parent === process.pid || parent <= 1) continue;
    if (isProcessAlive(parent) && /\bnode\b/.test(commandLineOf(parent) ?? ''))
      throw new DataFolderInUseError(search.folder, parent);
  }
  search.log.warn(
    `stopping a leftover ${search.name} (pids ${found.join(', ')}) from an earlier run, which still holds ${search.folder}`,
  );
  await terminateAll(found, search.graceMs, search.signal);
}
