import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import pino from 'pino';
import { createErrorFormatter } from './graphql-error-formatter';

describe('createErrorFormatter', () => {
  let text = '';
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += String(chunk);
      done();
    },
  });
  const format = createErrorFormatter(pino({ level: 'info' }, sink));
  const logged = () =>
    text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string; code?: string });
  /** As Apollo hands it over: the formatted error (code defaulted), and the error itself. */
  const formatted = (error: GraphQLError) =>
    format(
      {
        message: error.message,
        extensions: { ...error.extensions, code: error.extensions.code ?? 'INTERNAL_SERVER_ERROR' },
      },
      error,
    );
  beforeEach(() => {
    text = '';
  });

  it('answers a request refusal Apollo raised without a code as BAD_REQUEST, logged at info', () => {
    const error = new GraphQLError('provided sha does not match query', {
      extensions: { http: { status: 400 } },
    });
    expect(formatted(error)).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(logged().map((l) => [l.level, l.msg, l.code])).toEqual([
      [30, 'request refused', 'BAD_REQUEST'],
    ]);
  });

  it('keeps a fault without a code a fault', () => {
    expect(formatted(new GraphQLError('a bug of ours')).extensions).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
    });
    expect(logged().map((l) => l.level)).toEqual([50]);
  });

  it("does not answer a refusal with an exception's message (a stack overflow while parsing)", () => {
    const overflow = new RangeError('Maximum call stack size exceeded');
    const wrapped = new GraphQLError(overflow.message, { originalError: overflow });
    const syntax = new GraphQLError(overflow.message, {
      originalError: wrapped,
      extensions: { code: 'GRAPHQL_PARSE_FAILED', http: { status: 400 } },
    });
    expect(formatted(syntax)).toEqual({
      message: 'The request could not be processed',
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
    // A limit is missing somewhere: the operator is told, with the stack.
    expect(logged().map((l) => [l.level, l.msg])).toEqual([
      [50, 'unexpected error while refusing a GraphQL request'],
    ]);
    expect(text).toMatch(/RangeError.*stack/);
  });
});
