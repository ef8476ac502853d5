import { BadInputError, ConflictError } from '@insyn/errors';

/**
 * A form's submission sent again (Back, Send) after the resident erased the concern it filed:
 * nothing is filed again, and nothing of the erased concern (not its codes) is given back.
 */
export class ConcernErasedSubmissionError extends ConflictError {
  constructor() {
    super('The concern this form filed was erased at the resident’s request; nothing was filed', [
      { field: 'submission', message: 'the concern it filed was erased' },
    ]);
  }
}

/**
 * A form's submission sent again more than `CONCERN_SUBMISSION_RESEND_MS` after it filed its
 * concern: nothing is filed, and its codes are not given again (the next person at a shared
 * computer could otherwise bring them up with Back and Send).
 */
export class ConcernSubmissionExpiredError extends ConflictError {
  constructor() {
    super('This form filed its concern over an hour ago; its codes are not given again', [
      { field: 'submission', message: 'sent over an hour ago' },
    ]);
  }
}

/**
 * A submission that binds its input (`ConcernSubmission.bindsInput`, an API client's key) sent
 * with other input than the concern it filed: refused, filing nothing and giving nothing of
 * that concern back; a new concern needs a new key.
 */
export class ConcernSubmissionReusedError extends BadInputError {
  constructor() {
    super([{ field: 'submission', message: 'it filed a concern with other input' }]);
  }
}
