import { DomainError, ErrorCode } from '@insyn/errors';

/**
 * Over an operation's throttle (`fileConcern`, code guessing): `RATE_LIMITED` with the seconds to
 * wait in `extensions.retryAfter`; `rateLimitedPlugin` adds a `Retry-After` header, like
 * the HTTP-layer rate limit.
 */
export class RateLimitedError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(ErrorCode.RATE_LIMITED, message);
  }
}
