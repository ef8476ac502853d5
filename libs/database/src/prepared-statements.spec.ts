import { prepared, preparingQuery } from './prepared-statements';

describe('preparingQuery', () => {
  const calls: unknown[][] = [];
  const query = preparingQuery(function (...args: unknown[]) {
    calls.push(args);
    return 'sent';
  });
  beforeEach(() => (calls.length = 0));

  it('sends a marked statement by a name its text gives, with its values and callback', () => {
    const callback = () => undefined;
    const sql = prepared('SELECT $1');
    expect(query(sql, [1], callback)).toBe('sent');
    query(sql, [2]);
    query(prepared('SELECT $1 + 1'), [3]);
    const [first, second, other] = calls;
    expect(first).toEqual([
      { name: expect.stringMatching(/^insyn_[\w-]{32}$/), text: sql, values: [1] },
      callback,
    ]);
    expect((second[0] as { name: string }).name).toBe((first[0] as { name: string }).name);
    expect((other[0] as { name: string }).name).not.toBe((first[0] as { name: string }).name);
  });

  it('sends every other statement as it was given', () => {
    const config = { text: 'SELECT 1' };
    query('SELECT $1', [1]);
    query(config);
    query(prepared('SELECT 1'));
    expect(calls[0]).toEqual(['SELECT $1', [1]]);
    expect(calls[1]).toEqual([config]);
    expect(calls[2]).toEqual([
      { name: expect.stringMatching(/^insyn_/), text: prepared('SELECT 1') },
    ]);
  });
});
