import fc from 'fast-check';
import { keywordsOf, keywordsText } from './entry-texts';

describe('keywords as one text (AlgoSTD keywords, Dutch search_terms, ATRS tags)', () => {
  it('gives back every keyword it wrote, commas, quotes and all', () => {
    const keyword = fc
      .string({ unit: fc.constantFrom(...'ab å,";\n'.split(''), ' ', '""', ', '), maxLength: 12 })
      .filter((k) => k.trim() !== '');
    fc.assert(
      fc.property(fc.array(keyword, { maxLength: 6 }), (keywords) => {
        const text = keywordsText(keywords);
        expect(text === undefined ? [] : keywordsOf(text)).toEqual(keywords);
      }),
      { numRuns: 1000 },
    );
  });

  it('writes plain keywords as a plain comma-separated list, and quotes only where needed', () => {
    expect(keywordsText(['AI', 'försörjningsstöd'])).toBe('AI, försörjningsstöd');
    expect(keywordsText(['Smith, J', 'traffic', '"quoted"', ' '])).toBe(
      '"Smith, J", traffic, """quoted"""',
    );
    expect(keywordsText([])).toBeUndefined();
  });

  it('leaves out a keyword that shows nothing (zero-width, braille blank), written or read', () => {
    expect(keywordsText(['AI', '\u200b', '\u2800 '])).toBe('AI');
    expect(keywordsText(['\u200b'])).toBeUndefined();
    expect(keywordsOf('AI, \u200b, \u2060\u00ad ,trafik')).toEqual(['AI', 'trafik']);
  });

  it('reads another register’s text as it always did; a stray quote is part of its keyword', () => {
    expect(keywordsOf(' AI ,försörjningsstöd,, ')).toEqual(['AI', 'försörjningsstöd']);
    expect(keywordsOf('"Smart" city, traffic')).toEqual(['"Smart" city', 'traffic']);
    expect(keywordsOf('"unclosed, traffic')).toEqual(['"unclosed', 'traffic']);
    expect(keywordsOf('5" screen, "a, b" ,c')).toEqual(['5" screen', 'a, b', 'c']);
  });
});
