import { whileDatabaseOut } from './standards-import.service';

/** An error as pg gives it for a database that refuses connections (it is restarting). */
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('an import while its database is out of reach', () => {
  it('stores the record again once the database is back', async () => {
    let calls = 0;
    const outage = { over: false };
    const stored = await whileDatabaseOut(
      async () => {
        calls++;
        if (calls < 3) throw refused();
        return 'stored';
      },
      outage,
      undefined,
    );
    expect([stored, calls, outage.over]).toEqual(['stored', 3, false]);
  });

  it('fails a record at once for anything else, and stops waiting when the import is stopped', async () => {
    const outage = { over: false };
    let calls = 0;
    await expect(
      whileDatabaseOut(
        async () => {
          calls++;
          throw new Error('a fault of ours');
        },
        outage,
        undefined,
      ),
    ).rejects.toThrow('a fault of ours');
    const stopped = new AbortController();
    stopped.abort();
    await expect(
      whileDatabaseOut(
        async () => {
          calls++;
          throw refused();
        },
        outage,
        stopped.signal,
      ),
    ).rejects.toThrow('ECONNREFUSED');
    expect([calls, outage.over]).toEqual([2, false]);
  });

  it('gives up after its wait, and says so for the records after it', async () => {
    const outage = { over: false };
    await expect(
      whileDatabaseOut(
        async () => {
          throw refused();
        },
        outage,
        undefined,
        250,
      ),
    ).rejects.toThrow('ECONNREFUSED');
    expect(outage.over).toBe(true);
  });
});
