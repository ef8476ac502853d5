import { createReadStream } from 'node:fs';

/**
 * Import files are UTF-8 (a BOM allowed). Node decodes other bytes as U+FFFD without a word, so a
 * Latin-1 or Windows-1252 file went in with every å, ä and ö garbled. Checked before any record
 * is imported, so a bad file imports nothing; the error names the line and byte (1-based) of the
 * first byte that is not UTF-8, never the file's text.
 */
export class Utf8Check {
  private line = 1;
  private offset = 0;
  /** Continuation bytes still due, and the range the next one must be in. */
  private due = 0;
  private low = 0x80;
  private high = 0xbf;
  private start = { line: 1, byte: 1 };

  /** Feeds the next bytes; returns the problem at the first bad byte, or undefined. */
  feed(bytes: Uint8Array): string | undefined {
    for (const byte of bytes) {
      this.offset += 1;
      if (this.due) {
        if (byte < this.low || byte > this.high) return this.problem();
        this.due -= 1;
        [this.low, this.high] = [0x80, 0xbf];
        continue;
      }
      this.start = { line: this.line, byte: this.offset };
      if (byte === 0x0a) this.line += 1;
      if (byte < 0x80) continue;
      if (byte >= 0xc2 && byte <= 0xdf) this.due = 1;
      else if (byte >= 0xe0 && byte <= 0xef) {
        this.due = 2;
        if (byte === 0xe0) this.low = 0xa0; // no overlong forms
        if (byte === 0xed) this.high = 0x9f; // no surrogates
      } else if (byte >= 0xf0 && byte <= 0xf4) {
        this.due = 3;
        if (byte === 0xf0) this.low = 0x90;
        if (byte === 0xf4) this.high = 0x8f; // nothing above U+10FFFF
      } else return this.problem();
    }
    return undefined;
  }

  /** At the end of the file: a sequence cut short is a problem too. */
  end(): string | undefined {
    return this.due ? this.problem() : undefined;
  }

  private problem(): string {
    return `the file is not UTF-8 text (line ${this.start.line}, byte ${this.start.byte}); save it as UTF-8`;
  }
}

/** Throws unless the whole file is UTF-8 (see Utf8Check); streamed, whatever its size. */
export async function assertUtf8File(path: string): Promise<void> {
  const check = new Utf8Check();
  for await (const chunk of createReadStream(path)) {
    const problem = check.feed(chunk as Buffer);
    if (problem) throw new Error(problem);
  }
  const problem = check.end();
  if (problem) throw new Error(problem);
}

/** Whether bytes are UTF-8 (see Utf8Check); the problem, or undefined. */
export function utf8Problem(bytes: Uint8Array): string | undefined {
  const check = new Utf8Check();
  return check.feed(bytes) ?? check.end();
}
