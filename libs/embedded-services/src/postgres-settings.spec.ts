import { embeddedPostgresSettings, postgresSettingArgs } from './postgres-settings';

describe('embedded PostgreSQL settings', () => {
  it('keep the write-ahead log small for an embedded register', () => {
    const settings = embeddedPostgresSettings(true);
    expect(settings).toMatchObject({
      max_wal_size: '64MB',
      min_wal_size: '32MB',
      checkpoint_timeout: '15min',
      wal_compression: 'pglz',
    });
    // A persistent cluster keeps PostgreSQL's durability.
    expect(settings.fsync).toBeUndefined();
    expect(settings.full_page_writes).toBeUndefined();
  });

  it('skip durability only for throwaway clusters', () => {
    expect(embeddedPostgresSettings(false)).toMatchObject({
      max_wal_size: '64MB',
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
    });
  });

  it('become -c arguments of the server', () => {
    expect(postgresSettingArgs({ max_wal_size: '64MB', fsync: 'off' })).toEqual([
      '-c',
      'max_wal_size=64MB',
      '-c',
      'fsync=off',
    ]);
  });
});
