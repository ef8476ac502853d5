import fc from 'fast-check';
import { contactEmailFault, contactEmailProblem } from './contact-email';

/** Every default-ignorable code point (Unicode's Default_Ignorable_Code_Point property). */
const DEFAULT_IGNORABLE: string[] = [];
for (let cp = 0; cp <= 0x10ffff; cp++) {
  if (cp >= 0xd800 && cp <= 0xdfff) continue;
  const char = String.fromCodePoint(cp);
  if (/\p{Default_Ignorable_Code_Point}/u.test(char)) DEFAULT_IGNORABLE.push(char);
}

/** Every control character (category Cc): C0 (NUL, BEL, tab, newline…), DEL and C1. */
const CONTROLS: string[] = [];
for (let cp = 0; cp <= 0x9f; cp++)
  if (cp < 0x20 || cp >= 0x7f) CONTROLS.push(String.fromCharCode(cp));

const ADDRESSES = [
  'a@x.se',
  'anna.svensson@stad.example.se',
  'invånare+insyn@kommun.se',
  'ärende@exempel.se',
  'user@xn--mnchen-3ya.de',
];

describe('a resident’s contact e-mail', () => {
  it('accepts ordinary addresses, Swedish letters and a whole label in another script', () => {
    for (const address of [...ADDRESSES, 'иван@пример.рф', 'ελένη@παράδειγμα.ελ'])
      expect(contactEmailProblem(address)).toBeNull();
  });

  it('refuses a default-ignorable code point anywhere in it, naming the character and where', () => {
    expect(DEFAULT_IGNORABLE.length).toBeGreaterThan(4000);
    fc.assert(
      fc.property(
        fc.constantFrom(...ADDRESSES),
        fc.constantFrom(...DEFAULT_IGNORABLE),
        fc.nat(),
        (address, char, at) => {
          const chars = [...address];
          const position = at % (chars.length + 1);
          chars.splice(position, 0, char);
          const problem = contactEmailProblem(chars.join(''));
          const code = char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
          expect(problem).toBe(
            `must be an e-mail address without characters that do not show (U+${code} at position ${position + 1})`,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('refuses a control character anywhere in it, naming the character and where', () => {
    expect(CONTROLS).toHaveLength(65);
    fc.assert(
      fc.property(
        fc.constantFrom(...ADDRESSES, '😀namn@exempel.se'),
        fc.constantFrom(...CONTROLS),
        fc.nat(),
        (address, char, at) => {
          const chars = [...address];
          const position = at % (chars.length + 1);
          chars.splice(position, 0, char);
          const code = char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
          expect(contactEmailProblem(chars.join(''))).toBe(
            `must be an e-mail address without control characters (U+${code} at position ${position + 1})`,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['namn\u0000@exempel.se', 'U+0000', 5, 'NUL'],
    ['namn@exem\u0007pel.se', 'U+0007', 10, 'BEL'],
    ['a\tb@x.se', 'U+0009', 2, 'tab'],
    ['a@x.se\u007f', 'U+007F', 7, 'DEL'],
    ['\u0085a@x.se', 'U+0085', 1, 'next line (C1)'],
    ['a@x\u009f.se', 'U+009F', 4, 'the last C1 control'],
    ['😀\u001b@x.se', 'U+001B', 2, 'escape after an emoji (one character, not two)'],
  ])('names the control character in %j (%s, %s)', (address, codePoint, position) => {
    expect(contactEmailFault(address)).toEqual({ kind: 'control', codePoint, position });
  });

  it('names the first character that does not show, control or not', () => {
    expect(contactEmailFault('a\u200b\u0007@x.se')).toEqual({
      kind: 'invisible',
      codePoint: 'U+200B',
      position: 2,
    });
    expect(contactEmailFault('a\u0007\u200b@x.se')).toEqual({
      kind: 'control',
      codePoint: 'U+0007',
      position: 2,
    });
  });

  it.each([
    ['a\u200b@x.se', 'zero width space in the local part'],
    ['a@x.se\u200b', 'zero width space after the domain'],
    ['a@x\u200d.se', 'zero width joiner in the domain'],
    ['\ufeffa@x.se', 'byte order mark'],
    ['a\u00ad@x.se', 'soft hyphen'],
    ['a@x.se\u2060', 'word joiner'],
    ['a\u{e0041}@x.se', 'tag character'],
    ['a\u{f0000}@x.se', 'private use'],
    ['a\u2028@x.se', 'line separator'],
    ['a\u0378@x.se', 'unassigned code point'],
  ])('refuses %j (%s)', (address) => {
    expect(contactEmailProblem(address)).toMatch(/without characters that do not show/);
  });

  it('refuses a domain label that mixes Latin letters with Cyrillic or Greek look-alikes', () => {
    // "аpple.com" with a Cyrillic а; "gοogle.com" with a Greek ο.
    expect(contactEmailProblem('a@\u0430pple.com')).toBe(
      'must be an e-mail address whose domain does not mix Latin and Cyrillic letters in one part',
    );
    expect(contactEmailProblem('a@g\u03bfogle.com')).toMatch(/mix Latin and Greek letters/);
    // Each label in one script is left (a Cyrillic label beside .com).
    expect(contactEmailProblem('a@\u043f\u0440\u0438\u043c\u0435\u0440.com')).toBeNull();
  });

  it('still refuses what is no address', () => {
    for (const bad of [
      'a',
      'a@b',
      'a b@x.se',
      '<a@x.se>',
      'a@x\ud800.se',
      `${'a'.repeat(250)}@x.se`,
    ])
      expect(contactEmailProblem(bad)).toBe('must be an e-mail address');
  });
});
