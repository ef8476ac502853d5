/**
 * Where embedded servers' output goes; the app routes it to its structured logger. `debug` is the
 * servers' own chatter; `info` what an operator may want to know (a restart, where data lives).
 */
export interface ServiceLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLog: ServiceLog = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * Feeds a child's output to the log line by line. Resolves once the stream has ended, its last
 * line (one without a newline) written too: a server's last words may arrive after its exit.
 */
export function pipeLines(
  stream: NodeJS.ReadableStream | null,
  write: (line: string) => void,
): Promise<void> {
  if (!stream) return Promise.resolve();
  let buffer = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).trimEnd();
      buffer = buffer.slice(newline + 1);
      if (line) write(line);
    }
  });
  return new Promise((resolve) => {
    const ended = () => {
      const line = buffer.trimEnd();
      buffer = '';
      if (line) write(line);
      resolve();
    };
    stream.once('end', ended);
    stream.once('close', ended);
    stream.once('error', ended);
  });
}

/** How long a failed start waits for the rest of the server's output after its exit. */
export const OUTPUT_DRAIN_MS = 1_000;

/** At most this much of a server's last output goes into the message of its failed start. */
export const LAST_WORDS_MAX_LINES = 20;
export const LAST_WORDS_MAX_CHARS = 2_000;

/** A server's last lines of output, kept for the message of a failed start (bounded). */
export class LastWords {
  private readonly lines: string[] = [];

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > LAST_WORDS_MAX_LINES) this.lines.shift();
  }

  /**
   * `embedded PostgreSQL exited with 1: <cause>` then the last lines: the cause is the last line
   * that matches `cause` (PostgreSQL's FATAL), else the last line, so that a log view showing one
   * line shows why. The lines' end is kept when they are too long.
   */
  failure(server: string, reason: string, cause?: RegExp): string {
    if (!this.lines.length) return `${server} ${reason}, and wrote nothing on stdout or stderr`;
    const first = (cause && this.lines.findLast((line) => cause.test(line))) ?? this.lines.at(-1)!;
    const text = this.lines.join('\n');
    const tail =
      text.length > LAST_WORDS_MAX_CHARS ? `…${text.slice(-LAST_WORDS_MAX_CHARS)}` : text;
    return `${server} ${reason}: ${first.slice(0, LAST_WORDS_MAX_CHARS)}\n${tail}`;
  }
}

/** Embedded servers' chatter at debug level of an app logger; the rest at its own level. */
export function serviceLogOf(logger: {
  debug(m: string): void;
  info(m: string): void;
  warn(m: string): void;
  error(m: string): void;
}): ServiceLog {
  return {
    debug: (m) => logger.debug(m),
    info: (m) => logger.info(m),
    warn: (m) => logger.warn(m),
    error: (m) => logger.error(m),
  };
}
