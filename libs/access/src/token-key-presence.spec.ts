import { DataSource } from 'typeorm';
import { TokenKeyPresence } from './token-key-presence';

const KEY = 'a-token-key-of-at-least-32-characters-long';

/** A database that answers every statement with `answer`. */
const database = (answer: () => Promise<unknown>) => {
  const query = jest.fn(answer);
  return { db: { query } as unknown as DataSource, query };
};

describe('TokenKeyPresence', () => {
  const warnings: [object, string][] = [];
  const log = {
    warn: (details: object, message: string) => void warnings.push([details, message]),
  };
  beforeEach(() => {
    warnings.length = 0;
    jest.useFakeTimers();
  });
  afterEach(() => jest.useRealTimers());

  it('says at warn, without a stack, what it could not record, and goes on seeing', async () => {
    const { db, query } = database(() => Promise.reject(new Error('connection refused')));
    const presence = new TokenKeyPresence(db, log, 1_000);
    await presence.start(KEY);
    await jest.advanceTimersByTimeAsync(2_500);
    await presence.stop();
    // The start, two sightings, the stop.
    expect(query).toHaveBeenCalledTimes(4);
    expect(warnings).toEqual([
      [{ reason: 'connection refused' }, 'the token key check could not record this API process'],
      ...Array.from({ length: 2 }, () => [
        { reason: 'connection refused' },
        'the token key check could not record that this API process is running; will try again',
      ]),
      [
        { reason: 'connection refused' },
        'the token key check could not record this API process’s stop',
      ],
    ]);
    // Stopped: no more sightings.
    await jest.advanceTimersByTimeAsync(5_000);
    expect(query).toHaveBeenCalledTimes(4);
  });

  it('sees one at a time, and warns when more processes with other keys appear, once', async () => {
    let answer: () => Promise<unknown> = () =>
      Promise.resolve([{ latest: null, live_here: false, other_live_keys: 0 }]);
    const { db, query } = database(() => answer());
    const presence = new TokenKeyPresence(db, log, 1_000);
    await presence.start(KEY);
    // A sighting that hangs for 2.5 intervals: no second one meanwhile.
    let release = () => undefined as void;
    answer = () => new Promise((resolve) => (release = () => resolve([{ other_live_keys: 1 }])));
    await jest.advanceTimersByTimeAsync(3_500);
    expect(query).toHaveBeenCalledTimes(2);
    release();
    answer = () => Promise.resolve([{ other_live_keys: 1 }]);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(warnings).toEqual([
      [
        { tokenKey: 'disagrees', otherLiveKeys: 1 },
        expect.stringContaining('with another INSYN_TOKEN_SECRET than this one') as string,
      ],
    ]);
    answer = () => Promise.resolve([]);
    await presence.stop();
  });
});
