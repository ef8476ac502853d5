import type { Logger } from '@nestjs/common';
import type { Response } from 'express';

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
  // One listener each for the whole answer, woken per wait: compressed, `'drain'` listeners go
  // to the compression stream, where `off` on the response would not remove them.
  let wake: (() => void) | undefined;
  const resume = () => {
    const waiting = wake;
    wake = undefined;
    waiting?.();
  };
  res.on('drain', resume);
  res.on('close', () => {
    if (!res.writableFinished) gone = true;
    resume();
  });
  res.status(200);
  try {
    await produce(async (chunk) => {
      if (gone) throw new ClientGone();
      if (!res.write(chunk))
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (gone || res.destroyed) resume();
        });
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
