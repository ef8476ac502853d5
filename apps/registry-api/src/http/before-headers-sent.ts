import type { Response } from 'express';

/**
 * Runs `hook` as the response's headers are about to be sent, after every handler has set its
 * own. Hooks run in the reverse order of registration (each wraps the `writeHead` before it), as
 * with `on-headers`, which `compression` uses: one registered before compression runs after it.
 */
export function beforeHeadersSent(res: Response, hook: (res: Response) => void): void {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: unknown[]) {
    hook(this);
    return (writeHead as (...a: unknown[]) => Response).apply(this, args);
  } as Response['writeHead'];
}
