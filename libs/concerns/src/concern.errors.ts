import { ConflictError } from '@insyn/errors';

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
