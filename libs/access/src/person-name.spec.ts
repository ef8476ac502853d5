import { personNameKey } from './person-name';

describe('personNameKey: when two person names are one name', () => {
  it.each([
    ['a double space', 'Temp  Person'],
    ['a no-break space', 'Temp\u00a0Person'],
    ['a tab and spaces around', ' \tTemp Person\u2003'],
    ['a zero-width space inside a word', 'Te\u200bmp Person'],
    ['a soft hyphen', 'Tem\u00adp Person'],
    ['Cyrillic е', 'T\u0435mp Person'],
    ['Cyrillic Т and Р', '\u0422emp \u0420erson'],
    ['Greek Τ and Ρ', '\u03a4emp \u03a1erson'],
    ['fullwidth letters', 'Ｔｅｍｐ Ｐｅｒｓｏｎ'],
    ['upper case', 'TEMP PERSON'],
    ['lower case', 'temp person'],
    ['mixed case and Cyrillic', 'tЕMP pеrsоn'],
  ])('%s is the same name as "Temp Person"', (_what, name) => {
    expect(personNameKey(name)).toBe(personNameKey('Temp Person'));
  });

  it.each([
    ['Greek capital lunate sigma Ϲ', '\u03f9arl', 'Carl'],
    ['Greek small lunate sigma ϲ', '\u03f2li:root', 'cli:root'],
    ['a vertical colon', 'cli\ufe30root', 'cli:root'],
    ['a small em dash', 'demo\ufe58data', 'demo-data'],
  ])(
    'takes %s, which NFKC alone folds into another letter, as what it looks like',
    (_what, a, b) => {
      expect(personNameKey(a)).toBe(personNameKey(b));
    },
  );

  it('takes composed and decomposed letters, and ß and SS, as the same', () => {
    expect(personNameKey('Åsa Öberg')).toBe(personNameKey('A\u030asa O\u0308berg'));
    expect(personNameKey('Strauß')).toBe(personNameKey('STRAUSS'));
  });

  it.each([
    ['Temp Person', 'Temp Persson'],
    ['Temp Person', 'TempPerson'],
    ['Åsa Öberg', 'Asa Oberg'],
    ['José', 'Jose'],
    ['Kim', 'Kirn'],
    ['Ed A', 'Ed Q'],
  ])('keeps "%s" and "%s" apart', (a, b) => {
    expect(personNameKey(a)).not.toBe(personNameKey(b));
  });

  it('is empty for a name of blanks and invisible characters only', () => {
    expect(personNameKey(' \u00a0\u200b\u2060 ')).toBe('');
  });
});
