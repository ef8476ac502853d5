import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable, isPoolExhausted } from './database-unavailable';

describe('isDatabaseUnavailable', () => {
  const withCode = (code: string) => Object.assign(new Error('x'), { code });

  it('recognises lost connections, refused connections and a server shutting down', () => {
    expect(isDatabaseUnavailable(withCode('ECONNREFUSED'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([withCode('ECONNREFUSED')]))).toBe(true);
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], withCode('57P01')))).toBe(
      true,
    );
  });

  it('leaves errors of the statement itself alone', () => {
    expect(isDatabaseUnavailable(new QueryFailedError('SELECT', [], withCode('22P02')))).toBe(
      false,
    );
    expect(isDatabaseUnavailable(withCode('23505'))).toBe(false);
    expect(isDatabaseUnavailable(new Error('boom'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});

describe('isPoolExhausted', () => {
  it("tells pg-pool's acquire timeout from a connection that could not be opened", () => {
    const exhausted = new Error('timeout exceeded when trying to connect');
    expect(isPoolExhausted(exhausted)).toBe(true);
    expect(isPoolExhausted(Object.assign(new Error('wrapped'), { cause: exhausted }))).toBe(true);
    expect(isPoolExhausted(new Error('Connection terminated due to connection timeout'))).toBe(
      false,
    );
    expect(isPoolExhausted(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isPoolExhausted(undefined)).toBe(false);
  });
});
