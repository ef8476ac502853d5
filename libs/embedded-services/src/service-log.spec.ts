import { PassThrough } from 'node:stream';
import { LAST_WORDS_MAX_CHARS, LAST_WORDS_MAX_LINES, LastWords, pipeLines } from './service-log';

describe('pipeLines', () => {
  it('writes each line, the last one without a newline too, and resolves at the end', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    const ended = pipeLines(stream, (line) => lines.push(line));
    stream.write('first\nsec');
    stream.write('ond\r\n\nFATAL:  no newline at the end');
    stream.end();
    await ended;
    expect(lines).toEqual(['first', 'second', 'FATAL:  no newline at the end']);
  });

  it('resolves at once without a stream', async () => {
    await expect(pipeLines(null, () => undefined)).resolves.toBeUndefined();
  });
});

describe('LastWords', () => {
  it('says the cause right after the colon, then the last lines', () => {
    const words = new LastWords();
    for (const line of [
      'LOG:  skipping missing configuration file',
      'FATAL:  database files are incompatible with server',
      'DETAIL:  The data directory was initialized by PostgreSQL version 9',
    ])
      words.add(line);
    expect(words.failure('embedded PostgreSQL', 'exited with 1', /\bFATAL:/)).toBe(
      [
        'embedded PostgreSQL exited with 1: FATAL:  database files are incompatible with server',
        'LOG:  skipping missing configuration file',
        'FATAL:  database files are incompatible with server',
        'DETAIL:  The data directory was initialized by PostgreSQL version 9',
      ].join('\n'),
    );
    // Without a line that matches: the last one.
    expect(words.failure('embedded Meilisearch', 'exited with 1').split('\n')[0]).toBe(
      'embedded Meilisearch exited with 1: DETAIL:  The data directory was initialized by PostgreSQL version 9',
    );
  });

  it('keeps the last lines within their bounds', () => {
    const words = new LastWords();
    for (let i = 0; i < LAST_WORDS_MAX_LINES + 5; i++) words.add(`line ${i}`);
    const kept = words.failure('server', 'exited with 1').split('\n').slice(1);
    expect(kept).toHaveLength(LAST_WORDS_MAX_LINES);
    expect(kept.at(-1)).toBe(`line ${LAST_WORDS_MAX_LINES + 4}`);

    const long = new LastWords();
    long.add('x'.repeat(LAST_WORDS_MAX_CHARS * 3));
    expect(long.failure('server', 'exited with 1').length).toBeLessThanOrEqual(
      'server exited with 1: '.length + 2 * LAST_WORDS_MAX_CHARS + 2,
    );
  });

  it('says so when the server wrote nothing', () => {
    expect(new LastWords().failure('embedded PostgreSQL', 'exited with 1')).toBe(
      'embedded PostgreSQL exited with 1, and wrote nothing on stdout or stderr',
    );
  });
});
