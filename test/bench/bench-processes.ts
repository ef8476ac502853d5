import { ChildProcess, fork } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One request to the API: when each of its SQL statements was in flight ([start, end]) and when
 * its answer was sent, in ms from its arrival (bench-server.ts records them).
 */
export interface RequestTimeline {
  statements: [number, number][];
  finished: number;
}

/** The bench's API or indexer process (bench-server.ts), over IPC. */
export class BenchServer {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string | undefined,
  ) {}

  /** `execArgv`: node's flags for the child (`--cpu-prof` to profile the API). */
  static async start(
    mode: 'api' | 'indexer' | 'proxy' | 'sql',
    env: NodeJS.ProcessEnv,
    execArgv: string[] = [],
  ): Promise<BenchServer> {
    const child = fork(join(__dirname, 'bench-server.js'), [mode], {
      env: { ...process.env, ...env },
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const url = await new Promise<string | undefined>((resolve, reject) => {
      child.once('exit', (code) =>
        reject(new Error(`bench ${mode} exited with ${code} while starting`)),
      );
      child.on('message', (message: { type: string; url?: string }) => {
        if (message.type === 'ready') resolve(message.url);
      });
    });
    child.removeAllListeners('exit');
    return new BenchServer(child, url);
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** SQL statements the API has sent since it started. */
  async statements(): Promise<number> {
    return (await this.ask<{ statements: number }>({ type: 'statements' })).statements;
  }

  /** Records the timeline of each request from now on (`start`), or stops and returns them. */
  async timelines(action: 'start' | 'stop'): Promise<RequestTimeline[]> {
    return (await this.ask<{ timelines: RequestTimeline[] }>({ type: 'timelines', action }))
      .timelines;
  }

  /**
   * The process's `process.memoryUsage()` (the API's); with `collect`, after a full garbage
   * collection (the child needs --expose-gc for that, or the numbers include garbage).
   */
  async memory(collect = false): Promise<NodeJS.MemoryUsage> {
    return (await this.ask<{ usage: NodeJS.MemoryUsage }>({ type: 'memory', collect })).usage;
  }

  /** Starts or stops (writing `file`) a CPU profile in the API process. */
  async profile(action: 'start' | 'stop', file = ''): Promise<void> {
    await this.ask({ type: 'profile', action, file });
  }

  /**
   * Sends a request and waits for the child's answer of the same type; rejects if the child
   * exits first, so that a crashed server fails the bench instead of leaving it waiting.
   */
  private ask<T>(request: { type: string } & Record<string, unknown>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cleanup = () => {
        this.child.off('message', listener);
        this.child.off('exit', exited);
      };
      const listener = (message: { type: string } & T) => {
        if (message.type !== request.type) return;
        cleanup();
        resolve(message);
      };
      const exited = (code: number | null, signal: string | null) => {
        cleanup();
        reject(
          new Error(`bench server exited (${signal ?? code}) before answering ${request.type}`),
        );
      };
      this.child.on('message', listener);
      this.child.once('exit', exited);
      if (this.child.exitCode !== null || this.child.signalCode !== null)
        return exited(this.child.exitCode, this.child.signalCode);
      this.child.send(request);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'stop' });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** A memory line of /proc/PID/status (`VmHWM`, `VmRSS`, `RssAnon`), in MB; null when unreadable. */
function statusMb(pid: number | undefined, key: string): number | null {
  if (!pid) return null;
  try {
    const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Math.round(Number(match[1]) / 1024) : null;
  } catch {
    return null;
  }
}

/** Peak resident set (VmHWM) of a process, in MB; null when it cannot be read. */
export const peakRssMb = (pid: number | undefined) => statusMb(pid, 'VmHWM');

/**
 * Anonymous resident memory now (RssAnon: heap and buffers, what the process itself holds), in
 * MB. The rest of RSS is mapped files: for Meilisearch, the index's LMDB files, which are page
 * cache the kernel can drop under pressure and read again.
 */
export const anonRssMb = (pid: number | undefined) => statusMb(pid, 'RssAnon');

/** Resident set now (VmRSS), in MB. */
export const rssMb = (pid: number | undefined) => statusMb(pid, 'VmRSS');

/** The process and all its descendants (from /proc). */
export function processTree(root: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(name));
      parents.set(ppid, list);
    } catch {
      /* gone */
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]) ?? []));
  return tree;
}

/** Proportional set size of a process tree (shared pages split between sharers), in MB. */
export function pssMb(root: number): number | null {
  let kb = 0;
  for (const pid of processTree(root)) {
    try {
      const match = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (match) kb += Number(match[1]);
    } catch {
      /* gone */
    }
  }
  return kb ? Math.round(kb / 1024) : null;
}

/** The name of a process (`postgres`, `meilisearch`). */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/** Samples a value every `intervalMs` and keeps the largest. */
export class PeakSampler {
  peak: number | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(sample: () => number | null, intervalMs = 1000) {
    const take = () => {
      const value = sample();
      if (value !== null && (this.peak === null || value > this.peak)) this.peak = value;
    };
    take();
    this.timer = setInterval(take, intervalMs);
    this.timer.unref();
  }

  stop(): number | null {
    clearInterval(this.timer);
    return this.peak;
  }
}

/**
 * Meilisearch's peak memory from the registry's own work. The bulk-indexing figure builds a
 * second index of every document as its baseline, which the registry never holds in normal
 * work; `excluding` sets that stretch apart: the peaks so far are kept, and after it the
 * kernel's high-water mark (VmHWM) is reset (`5` to /proc/PID/clear_refs) so that it measures
 * the registry again. `wholeRun` keeps the largest peak including the baseline.
 */
export class MeilisearchPeaks {
  private rss: number | null = null;
  private anon: number | null = null;
  private whole: number | null = null;
  private excluded = false;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sampleAnon(), 1000);
    this.timer.unref();
    this.sampleAnon();
  }

  async excluding<T>(work: () => Promise<T>): Promise<T> {
    this.fold();
    this.excluded = true;
    try {
      return await work();
    } finally {
      this.whole = max(this.whole, peakRssMb(this.pid));
      try {
        writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      } catch {
        // Not ours to reset (another user's process): the peak then includes the baseline.
      }
      this.excluded = false;
      this.sampleAnon();
    }
  }

  /** Peak RSS and largest anonymous RSS of the registry's work, and the whole run's peak RSS. */
  stop(): { rss: number | null; anon: number | null; wholeRun: number | null } {
    clearInterval(this.timer);
    this.fold();
    return { rss: this.rss, anon: this.anon, wholeRun: max(this.whole, this.rss) };
  }

  private fold(): void {
    this.rss = max(this.rss, peakRssMb(this.pid));
    this.sampleAnon();
  }

  private sampleAnon(): void {
    if (!this.excluded) this.anon = max(this.anon, anonRssMb(this.pid));
  }
}

function max(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

/** CPU time (user + system, all threads) a process has used, in ms; null when unreadable. */
export function cpuMs(pid: number | undefined): number | null {
  const split = cpuSplitMs(pid);
  return split && split.user + split.system;
}

/** CPU time a process has used in user space and in the kernel (all threads), in ms. */
export function cpuSplitMs(pid: number | undefined): { user: number; system: number } | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, in clock ticks (USER_HZ: 100 on Linux).
    return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
  } catch {
    return null;
  }
}
