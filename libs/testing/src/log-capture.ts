import { Writable } from 'node:stream';

/** A pino destination that keeps every line, for tests that check what was (not) logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(String(chunk));
    done();
  }

  get text(): string {
    return this.lines.join('');
  }
}
