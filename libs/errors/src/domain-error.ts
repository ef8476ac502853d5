/**
 * The codes clients can rely on (GraphQL `extensions.code`). Each capability throws a DomainError
 * subclass with one of these; the API's formatter turns it into a GraphQL error.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  SEARCH_UNAVAILABLE = 'SEARCH_UNAVAILABLE',
  /** A GraphQL operation over a query limit (depth, aliases, directives, tokens, cost…). */
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  /** Too many requests from one client; HTTP 429 with Retry-After. */
  RATE_LIMITED = 'RATE_LIMITED',
  /** A request body over the body limit; HTTP 413. */
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  /** The database cannot be reached; try again later. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

/** One problem with one input field, addressed by its path (`input.contact.email`). */
export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class BadInputError extends DomainError {
  constructor(fields: FieldProblem[], message?: string) {
    super(
      ErrorCode.BAD_USER_INPUT,
      message ?? `Invalid input: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`,
      fields,
    );
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, field?: string) {
    super(
      ErrorCode.NOT_FOUND,
      `${what} was not found`,
      field ? [{ field, message: 'not found' }] : [],
    );
  }
}

export class ForbiddenError extends DomainError {
  constructor(message = 'You are not allowed to do this') {
    super(ErrorCode.FORBIDDEN, message);
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(message = 'A valid API token is required') {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string, fields: FieldProblem[] = []) {
    super(ErrorCode.CONFLICT, message, fields);
  }
}
