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

/** Feeds a child's output to the log line by line. */
export function pipeLines(
  stream: NodeJS.ReadableStream | null,
  write: (line: string) => void,
): void {
  if (!stream) return;
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
