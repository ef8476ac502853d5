import { prepared } from './prepared-statements';
import { isPlainRead, ReadRouting } from './read-routing';

describe('read routing', () => {
  it('counts only plain, lock-free SELECTs as reads', () => {
    expect(isPlainRead('SELECT * FROM entry WHERE id = $1')).toBe(true);
    expect(isPlainRead('  (SELECT 1) UNION (SELECT 2)')).toBe(true);
    expect(isPlainRead('SELECT * FROM entry FOR UPDATE')).toBe(false);
    expect(isPlainRead('SELECT * FROM entry e FOR NO KEY UPDATE OF e SKIP LOCKED')).toBe(false);
    expect(isPlainRead('SELECT pg_advisory_xact_lock($1)')).toBe(false);
    expect(isPlainRead("SELECT nextval('seq')")).toBe(false);
    expect(isPlainRead('WITH x AS (UPDATE entry SET a = 1 RETURNING id) SELECT * FROM x')).toBe(
      false,
    );
    expect(isPlainRead('INSERT INTO entry DEFAULT VALUES')).toBe(false);
    expect(isPlainRead('UPDATE entry SET a = 1')).toBe(false);
  });

  it('reads past leading comments, such as the mark of a prepared statement', () => {
    expect(isPlainRead(prepared('SELECT * FROM entry WHERE id = $1'))).toBe(true);
    expect(isPlainRead('/* a */ /* b\n*/ (SELECT 1)')).toBe(true);
    expect(isPlainRead(prepared('SELECT * FROM entry FOR UPDATE'))).toBe(false);
    expect(isPlainRead(prepared('WITH x AS (UPDATE entry SET a = 1 RETURNING id) SELECT 1'))).toBe(
      false,
    );
    expect(isPlainRead('/* SELECT */ UPDATE entry SET a = 1')).toBe(false);
  });

  it('reads from the replica only inside a scope, until the scope needs the primary', async () => {
    const routing = new ReadRouting();
    expect(routing.readMode).toBe('master');
    await routing.runOnReplica(async () => {
      expect(routing.readMode).toBe('slave');
      await Promise.resolve();
      routing.usePrimary();
      await new Promise((resolve) => setImmediate(resolve));
      expect(routing.readMode).toBe('master');
    });
    // Another scope starts on the replica again; outside any scope, the primary.
    routing.runOnReplica(() => expect(routing.readMode).toBe('slave'));
    expect(routing.readMode).toBe('master');
  });
});
