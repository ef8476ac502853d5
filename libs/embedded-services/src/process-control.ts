import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A zombie still answers kill(0); treat it as gone.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return true;
  }
}

/** The command line of a live process, or undefined where /proc is unavailable. */
export function commandLineOf(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return undefined;
  }
}

/** Whether the command line of a live process holds every one of these strings. */
export function runsWith(pid: number, parts: string[]): boolean {
  const cmd = commandLineOf(pid);
  return cmd !== undefined && parts.every((part) => cmd.includes(part));
}

/** Polls until the process has exited or the deadline passes; returns whether it exited. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isProcessAlive(pid);
}

/**
 * SIGCONT after a stop signal, as systemd sends it: a process stopped by SIGSTOP (or a debugger)
 * acts on no signal but SIGKILL until continued, so it would sit out the whole grace period.
 * A running process ignores it.
 */
function continueProcess(pid: number): void {
  try {
    process.kill(pid, 'SIGCONT');
  } catch {
    /* gone */
  }
}

/** SIGTERM (or the given signal), then SIGKILL after the grace period. */
export async function terminate(
  pid: number,
  graceMs = 10_000,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (!isProcessAlive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch {
    return;
  }
  continueProcess(pid);
  if (await waitForExit(pid, graceMs)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  await waitForExit(pid, 5_000);
}

/** Fields of /proc/<pid>/stat after the command name (which may itself hold spaces and parens). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/**
 * When the process started, in clock ticks since boot: with the pid, it names one process even
 * after the pid is reused. Undefined when the process is gone or /proc is unavailable.
 */
export function processStartTime(pid: number): number | undefined {
  const fields = statFields(pid);
  // Field 22 of stat is starttime; `fields` begins at field 3 (state).
  return fields ? Number(fields[19]) : undefined;
}

/** Every live descendant of a process (children, grandchildren, …), read from /proc. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  for (const name of entries) {
    const fields = statFields(Number(name));
    if (!fields) continue;
    const parent = Number(fields[1]);
    const siblings = children.get(parent) ?? [];
    siblings.push(Number(name));
    children.set(parent, siblings);
  }
  const found: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length > 0) {
    const next = queue.shift()!;
    found.push(next);
    queue.push(...(children.get(next) ?? []));
  }
  return found;
}

/** The parent of a live process (undefined when it is gone). */
export function parentOf(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields ? Number(fields[1]) : undefined;
}

/** The executable a process runs (undefined when it is gone or not ours to read). */
export function executableOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, '');
  } catch {
    return undefined;
  }
}

function linkTarget(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Live processes of a server binary that hold a folder: their working directory is in it, their
 * command line names it, or they have a file in it open. This finds a server left behind by a
 * crashed run when its pid file is gone or wrong. Only processes whose executable `isServer`
 * accepts are considered, so a shell that happens to sit in the folder is never taken for one.
 */
export function serverProcessesHolding(
  folder: string,
  isServer: (executable: string) => boolean,
): number[] {
  const inside = (path: string | undefined) =>
    path !== undefined && (path === folder || path.startsWith(folder + '/'));
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const found: number[] = [];
  for (const name of entries) {
    const pid = Number(name);
    if (pid === process.pid) continue;
    const executable = executableOf(pid);
    if (executable === undefined || !isServer(executable) || !isProcessAlive(pid)) continue;
    const holds =
      inside(linkTarget(`/proc/${pid}/cwd`)) ||
      (commandLineOf(pid) ?? '').split(' ').some(inside) ||
      openFilesOf(pid).some(inside);
    if (holds) found.push(pid);
  }
  return found;
}

function openFilesOf(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`)
      .map((fd) => linkTarget(`/proc/${pid}/fd/${fd}`))
      .filter((target): target is string => target !== undefined);
  } catch {
    return [];
  }
}

/**
 * Stops a set of processes: `signal` to those whose parent is not in the set (a postmaster, say,
 * which then stops its own children), and after the grace period SIGKILL to every one left.
 */
export async function terminateAll(
  pids: number[],
  graceMs: number,
  signal: NodeJS.Signals | ((pid: number) => NodeJS.Signals) = 'SIGTERM',
): Promise<void> {
  const signalFor = typeof signal === 'function' ? signal : () => signal;
  const set = new Set(pids);
  const send = (pid: number, s: NodeJS.Signals) => {
    try {
      process.kill(pid, s);
    } catch {
      /* gone */
    }
  };
  for (const pid of pids) if (!set.has(parentOf(pid) ?? -1)) send(pid, signalFor(pid));
  // Every one of them: a postmaster continued waits for its stopped backends to act on its own
  // signal to them.
  for (const pid of pids) continueProcess(pid);
  const deadline = Date.now() + graceMs;
  while (pids.some(isProcessAlive) && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  const left = pids.filter(isProcessAlive);
  for (const pid of left) send(pid, 'SIGKILL');
  await Promise.all(left.map((pid) => waitForExit(pid, 5_000)));
}
