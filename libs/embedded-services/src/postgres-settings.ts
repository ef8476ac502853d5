/**
 * The server settings of the embedded PostgreSQL, passed as `-c name=value` on every start.
 *
 * PostgreSQL's defaults are sized for a server of its own: it keeps up to `max_wal_size` (1 GB) of
 * write-ahead log between checkpoints and recycles at least `min_wal_size` (80 MB). The embedded
 * register is small (about 275 MB at 10,000 entries) and shares a laptop or a small VM with the
 * API and Meilisearch, and after a 10k load its WAL was 168 MB, well over half the database.
 * So:
 * - `max_wal_size=64MB`: a checkpoint after at most 64 MB of WAL, which bounds the WAL kept
 *   between checkpoints. Measured after loading 100,000 entries (a 145 MB database) and a
 *   checkpoint: 368 MB of WAL with the defaults, 128 MB with 128MB, 64 MB with 64MB. A bulk load
 *   checkpoints more often, which costs little on a database this size.
 * - `min_wal_size=32MB`: two segments' worth of recycled files kept for the next burst, not 80 MB.
 * - `checkpoint_timeout=15min`: a quiet register is checkpointed by size rather than every 5
 *   minutes (an idle server skips timed checkpoints anyway); crash recovery replays at most
 *   about 64 MB, a second or two.
 * - `checkpoint_completion_target=0.9`: spread the checkpoint's writes (the default, stated).
 * - `wal_compression=pglz`: full-page images compressed (the JSON content of entry versions
 *   compresses well). The binaries from npm are built without lz4 and zstd, so pglz.
 * Throwaway clusters (tests, `persistent: false`) also skip fsync and full-page writes.
 */
export function embeddedPostgresSettings(persistent: boolean): Record<string, string> {
  return {
    max_connections: '200',
    log_min_messages: 'warning',
    max_wal_size: '64MB',
    min_wal_size: '32MB',
    checkpoint_timeout: '15min',
    checkpoint_completion_target: '0.9',
    wal_compression: 'pglz',
    ...(persistent ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
  };
}

/** The settings as `postgres` command-line arguments. */
export function postgresSettingArgs(settings: Record<string, string>): string[] {
  return Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}
