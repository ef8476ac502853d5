import type { Logger } from '@nestjs/common';
import type { Response } from 'express';

/** Resolves when the response wants more, or is closed. */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** The client went away mid-answer: stop reading the register. */
class ClientGone extends Error {}

/** Writes one chunk of the body, waiting while the client is slower than the reading. */
export type StreamSink = (chunk: string) => Promise<void>;

/**
 * Streams a large answer (an export, a sitemap) as `produce` writes it, page by page: each write
 * waits for `'drain'` when the socket's buffer is full, so memory stays flat for a slow client,
 * and the reading stops when the client leaves. An error before anything was sent is thrown, for
 * the usual error answer; after, the response can only be cut short (and the operator told).
 */
export async function streamResponse(
  res: Response,
  produce: (write: StreamSink) => Promise<void>,
  log: Logger,
  what: string,
): Promise<void> {
  let gone = false;
  res.on('close', () => {
    if (!res.writableFinished) gone = true;
  });
  res.status(200);
  try {
    await produce(async (chunk) => {
      if (gone) throw new ClientGone();
      if (!res.write(chunk)) await drained(res);
    });
    res.end();
  } catch (error) {
    if (error instanceof ClientGone) {
      log.debug(`${what}: the client left before the end`);
      return;
    }
    // Nothing sent yet: the usual error answer.
    if (!res.headersSent) throw error;
    // The status line is sent: all that is left is to cut the response short.
    log.error(`${what} failed: ${(error as Error).message}`, (error as Error).stack);
    res.destroy(error as Error);
  }
}
