import type { Server } from 'node:http';
import { Injectable } from '@nestjs/common';
import type { RequestHandler } from 'express';

/** How long a stop waits for the requests in flight before closing their connections. */
export const DRAIN_DEADLINE_MS = 15_000;

export interface DrainOutcome {
  /** Requests still running at the deadline, whose connections were then closed. */
  cut: number;
  elapsedMs: number;
}

/**
 * Graceful stop of the HTTP server. Its middleware (the first of all) counts the requests in
 * flight; drain() then stops accepting connections, closes the idle keep-alive ones (a client
 * sees a closed connection before anything of its request ran), answers the requests in flight
 * with `Connection: close`, and resolves once they are all answered, or at the deadline, when
 * the connections still open are closed.
 */
@Injectable()
export class RequestDrain {
  private inFlight = 0;
  private draining = false;
  private settled?: () => void;

  readonly middleware: RequestHandler = (_req, res, next) => {
    this.inFlight++;
    if (this.draining) res.setHeader('Connection', 'close');
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      this.inFlight--;
      if (this.draining && this.inFlight === 0) this.settled?.();
    };
    res.once('finish', finished);
    res.once('close', finished);
    next();
  };

  get active(): number {
    return this.inFlight;
  }

  async drain(server: Server, deadlineMs = DRAIN_DEADLINE_MS): Promise<DrainOutcome> {
    const started = Date.now();
    this.draining = true;
    // Stop accepting; the callback would wait for every connection, which is what follows here.
    server.close(() => undefined);
    server.closeIdleConnections();
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadlineMs);
        this.settled = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const cut = this.inFlight;
    // Keep-alive connections whose last answer just went out, and any left at the deadline.
    server.closeAllConnections();
    return { cut, elapsedMs: Date.now() - started };
  }
}
