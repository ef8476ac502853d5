import { QueryFailedError } from 'typeorm';
import {
  isConnectionRefused,
  isDatabaseOutOfService,
  isDatabaseUnavailable,
  isPoolExhausted,
  LoopFailureLog,
} from './database-unavailable';

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

  it('tells a new connection refused (CONNECT revoked, a role or password refused, no database) from an outage', () => {
    // PostgreSQL answers a revoked CONNECT with 42501 and this message; 42501 of a statement (a
    // missing GRANT) stays a fault.
    const revoked = Object.assign(new Error('permission denied for database "insyn"'), {
      code: '42501',
    });
    expect(isConnectionRefused(revoked)).toBe(true);
    expect(isDatabaseOutOfService(new QueryFailedError('SELECT', [], revoked))).toBe(true);
    // Not retried at start, as an outage is.
    expect(isDatabaseUnavailable(revoked)).toBe(false);
    const missingGrant = Object.assign(new Error('permission denied for table entry'), {
      code: '42501',
    });
    expect(isDatabaseOutOfService(missingGrant)).toBe(false);
    for (const code of ['28000', '28P01', '3D000'])
      expect([isConnectionRefused(withCode(code)), isDatabaseUnavailable(withCode(code))]).toEqual([
        true,
        false,
      ]);
    expect(isDatabaseOutOfService(withCode('ECONNREFUSED'))).toBe(true);
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

describe('LoopFailureLog', () => {
  const lines = () => {
    const seen: { level: string; details: object; message: string }[] = [];
    const log = {
      error: (details: object, message: string) => seen.push({ level: 'error', details, message }),
      warn: (details: object, message: string) => seen.push({ level: 'warn', details, message }),
      info: (details: object, message: string) => seen.push({ level: 'info', details, message }),
    };
    const clock = { ms: 0 };
    return { seen, clock, failures: new LoopFailureLog(log, 'search indexer', () => clock.ms) };
  };
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), {
    code: 'ECONNREFUSED',
  });

  it('tells a short database outage once at warn, without a stack, and its end', () => {
    const { seen, failures, clock } = lines();
    for (let retry = 0; retry < 5; retry++) {
      failures.failed(refused);
      clock.ms += 1_000;
    }
    failures.succeeded();
    failures.succeeded();
    expect(seen).toEqual([
      {
        level: 'warn',
        details: { cause: 'ECONNREFUSED' },
        message: 'database unavailable; the search indexer retries',
      },
      {
        level: 'info',
        details: {},
        message: 'database reachable again; the search indexer resumes',
      },
    ]);
    expect(JSON.stringify(seen)).not.toContain('at ');
  });

  it('tells an outage that lasts once more, at error, and starts afresh after it ends', () => {
    const { seen, failures, clock } = lines();
    for (let retry = 0; retry < 40; retry++) {
      failures.failed(refused);
      clock.ms += 1_000;
    }
    failures.succeeded();
    failures.failed(refused);
    expect(seen.map((line) => [line.level, line.message])).toEqual([
      ['warn', 'database unavailable; the search indexer retries'],
      ['error', 'database still unavailable after 30 s; the search indexer retries'],
      ['info', 'database reachable again; the search indexer resumes'],
      ['warn', 'database unavailable; the search indexer retries'],
    ]);
    expect(seen[1].details).toEqual({ cause: 'ECONNREFUSED', downSeconds: 30 });
  });

  it('tells every other failure, each time, with the error', () => {
    const { seen, failures } = lines();
    const bug = new TypeError('x is undefined');
    failures.failed(bug);
    failures.failed(bug);
    failures.succeeded();
    expect(seen).toEqual([
      { level: 'error', details: { err: bug }, message: 'search indexer error; retrying' },
      { level: 'error', details: { err: bug }, message: 'search indexer error; retrying' },
    ]);
  });
});
