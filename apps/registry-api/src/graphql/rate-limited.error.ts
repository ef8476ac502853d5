import { DomainError, ErrorCode } from '@insyn/errors';

/**
 * Over an operation's throttle (`fileConcern`, code guessing): `RATE_LIMITED` with the seconds to
 * wait in `extensions.retryAfter`, and, through Apollo's `extensions.http`, HTTP 429 with a
 * `Retry-After` header like the HTTP-layer rate limit.
 */
export class RateLimitedError extends DomainError {
  readonly extensions: { http: { status: number; headers: Map<string, string> } };

  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(ErrorCode.RATE_LIMITED, message);
    this.extensions = {
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    };
  }
}
