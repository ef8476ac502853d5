import { buildDataSourceOptions, DEFAULT_DATABASE_TIMEOUTS } from './data-source-options';

describe('buildDataSourceOptions timeouts', () => {
  const extraOf = (options: ReturnType<typeof buildDataSourceOptions>) =>
    (options as { extra: { connectionTimeoutMillis: number; options: string } }).extra;

  it('bounds the wait for a connection and a session idle in a transaction, by default', () => {
    const extra = extraOf(buildDataSourceOptions('postgres://a/b', []));
    expect(DEFAULT_DATABASE_TIMEOUTS).toEqual({
      poolTimeoutMs: 30_000,
      idleInTransactionMs: 60_000,
    });
    expect(extra.connectionTimeoutMillis).toBe(30_000);
    expect(extra.options).toBe('-c timezone=UTC -c idle_in_transaction_session_timeout=60000');
  });

  it('gives the primary and the replica pool the same configured timeouts', () => {
    const options = buildDataSourceOptions('postgres://a/b', [], 10, 'postgres://replica/b', {
      poolTimeoutMs: 5_000,
      idleInTransactionMs: 7_000,
    });
    // TypeORM builds both pools of `replication` from the one `extra`.
    expect(options).toHaveProperty('replication');
    const extra = extraOf(options);
    expect(extra.connectionTimeoutMillis).toBe(5_000);
    expect(extra.options).toContain('-c idle_in_transaction_session_timeout=7000');
  });
});
