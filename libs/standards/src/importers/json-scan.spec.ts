import fc from 'fast-check';
import { MAX_DUPLICATE_KEYS, scanJson } from './json-scan';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** JSON texts, and texts close to JSON: a valid one with a character changed, dropped or added. */
const nearJson = fc
  .tuple(
    fc.json({ maxDepth: 3 }),
    fc.nat(),
    fc.constantFrom('', ',', '}', ']', '"', ':', '\\', '\n', '0', '-', 'tru', '\u0001', ' '),
    fc.constantFrom('replace', 'insert', 'drop', 'keep'),
  )
  .map(([json, at, piece, how]) => {
    const p = json.length ? at % json.length : 0;
    if (how === 'keep') return json;
    if (how === 'drop') return json.slice(0, p) + json.slice(p + 1);
    return json.slice(0, p) + piece + json.slice(p + (how === 'replace' ? 1 : 0));
  });

describe('scanJson', () => {
  it('finds a syntax error exactly when JSON.parse refuses the text', () => {
    fc.assert(
      fc.property(fc.oneof(nearJson, fc.string({ maxLength: 12 })), (text) => {
        expect(scanJson(text).syntaxError === undefined).toBe(parses(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('finds no duplicate in what JSON.stringify writes, and every one added to an object', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 3 }), (value) => {
        expect(scanJson(JSON.stringify(value, null, 2))).toEqual({ duplicates: [] });
      }),
    );
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1 }),
        fc.nat(),
        (object, pick) => {
          const keys = Object.keys(object);
          const key = keys[pick % keys.length];
          const text = `[0, {"outer": ${JSON.stringify(object)}, "x": 1}]`;
          // The key again, at the end of the object: JSON.parse would keep only this value.
          const dup = `${text.slice(0, text.lastIndexOf('}, "x"'))}, ${JSON.stringify(key)}: null}, "x": 1}]`;
          const { syntaxError, duplicates } = scanJson(dup);
          expect(syntaxError).toBeUndefined();
          expect(duplicates.map((d) => [d.path, d.key])).toEqual([[[1, 'outer'], key]]);
        },
      ),
    );
  });

  it('names the duplicated key, where it stands and where it first stood, escapes read', () => {
    const text = '[\n  {"title": "A",\n   "t\\u0069tle": "B"}\n]';
    expect(scanJson(text)).toEqual({
      duplicates: [
        {
          path: [0],
          key: 'title',
          at: { line: 3, column: 4 },
          first: { line: 2, column: 4 },
        },
      ],
    });
  });

  it('says what is wrong and where, line and column, without quoting the file', () => {
    const at = (text: string) => scanJson(text).syntaxError;
    expect(at('{"a":\n tru}')).toEqual({
      what: '"t" where a value should be',
      at: { line: 2, column: 2 },
    });
    expect(at('root:secret-hash:20000')).toEqual({
      what: '"r" where a value should be',
      at: { line: 1, column: 1 },
    });
    expect(at('[1,\n2')).toEqual({
      what: 'the end of the file where "," or "]" should be',
      at: { line: 2, column: 2 },
    });
    expect(at('{"a": "x\ny"}')).toEqual({
      what: 'U+000A inside a string (escape it)',
      at: { line: 1, column: 9 },
    });
    expect(at('')).toEqual({
      what: 'the end of the file where a value should be',
      at: { line: 1, column: 1 },
    });
    expect(at('{"a":1}}')?.what).toBe('"}" after the end of the JSON value');
  });

  it('keeps at most MAX_DUPLICATE_KEYS duplicates, each with at most 1,000 keys of path', () => {
    // A 160 kB file of this shape had run Node out of memory (a path copied per duplicate).
    const depth = 20_000;
    const inner = `{${Array.from({ length: 20_000 }, () => '"a":1').join(',')}}`;
    const scan = scanJson('['.repeat(depth) + inner + ']'.repeat(depth));
    expect(scan.syntaxError).toBeUndefined();
    expect(scan.moreDuplicates).toBe(true);
    expect(scan.duplicates).toHaveLength(MAX_DUPLICATE_KEYS);
    expect(scan.duplicates[0].path).toHaveLength(1_000);
    expect(scanJson('{"a":1,"a":2}').moreDuplicates).toBeUndefined();
  });

  it('reads lists nested far deeper than a call stack would take', () => {
    const depth = 200_000;
    expect(scanJson('['.repeat(depth) + ']'.repeat(depth))).toEqual({ duplicates: [] });
  });
});
