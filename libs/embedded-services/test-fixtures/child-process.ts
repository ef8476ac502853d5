import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

/** A child `node` running embedded-child.ts from the sources (no build needed), line by line. */
export class EmbeddedChild {
  readonly process: ChildProcess;
  private lines: string[] = [];
  private buffer = '';
  private stderr = '';
  private wake?: () => void;

  constructor(command: 'services' | 'lock', dataDir: string) {
    this.process = spawn(
      process.execPath,
      [
        '-r',
        join(__dirname, 'register-ts.js'),
        join(__dirname, 'embedded-child.ts'),
        command,
        dataDir,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.process.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.buffer += chunk;
      let newline: number;
      while ((newline = this.buffer.indexOf('\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, newline));
        this.buffer = this.buffer.slice(newline + 1);
      }
      this.wake?.();
    });
    this.process.once('exit', () => this.wake?.());
  }

  get pid(): number {
    return this.process.pid!;
  }

  /** The next line it prints; fails with its stderr when it exits first or the deadline passes. */
  async nextLine(timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.lines.shift();
      if (line !== undefined) return line;
      const { exitCode, signalCode } = this.process;
      if (exitCode !== null || signalCode !== null)
        throw new Error(`child exited with ${signalCode ?? exitCode}: ${this.stderr}`);
      if (Date.now() >= deadline)
        throw new Error(`child printed nothing within ${timeoutMs} ms: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  send(line: string): void {
    this.process.stdin!.write(line + '\n');
  }

  /** Closes its stdin (a `lock` child then exits) and waits for it to exit. */
  async close(): Promise<void> {
    this.process.stdin!.end();
    await exited(this.process);
  }
}

/** Resolves once the process has exited (at once if it already has). */
export async function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await once(child, 'exit');
}
