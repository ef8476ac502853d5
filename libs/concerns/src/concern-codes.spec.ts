import fc from 'fast-check';
import { concernIdOfMailReference, concernMailReference } from './concern-mail-reference';
import {
  concernCodeFault,
  concernCodesSpeltIn,
  generateConcernCode,
  normalizeConcernCode,
} from './concern-codes';

describe('concern codes', () => {
  it('are 25 random base-32 characters in groups of five, different each time', () => {
    const a = generateConcernCode();
    expect(a).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(generateConcernCode()).not.toBe(a);
    expect(normalizeConcernCode(a)).toBe(a.replace(/-/g, ''));
  });

  it('read back as typed: lower case, spaces, and the look-alike letters', () => {
    const code = 'ABCDE-FGH1J-KMNP0-QRSTV-WXYZ9';
    expect(normalizeConcernCode(' abcde fgh1j-kmnpo qrstv-wxyz9 ')).toBe(code.replace(/-/g, ''));
    expect(normalizeConcernCode('ABCDE-FGHLJ-KMNP0-QRSTV-WXYZ9')).toBe(code.replace(/-/g, ''));
  });

  it('read the dashes word processors and mail programs put for hyphens as hyphens', () => {
    const code = 'ABCDE-FGH1J-KMNP0-QRSTV-WXYZ9';
    for (const dash of [
      '\u2010',
      '\u2011',
      '\u2012',
      '\u2013',
      '\u2014',
      '\u2212',
      '\uff0d',
      '\u00a0',
    ])
      expect(normalizeConcernCode(code.replaceAll('-', dash))).toBe(code.replace(/-/g, ''));
    expect(concernCodeFault(code.replaceAll('-', '\u2013'))).toBeNull();
  });

  it('say why a text is no code: the first character no code holds, as typed, or its length', () => {
    const code = 'ABCDE-FGH1J-KMNP0-QRSTV-WXYZ9';
    expect(concernCodeFault(code)).toBeNull();
    expect(concernCodeFault('abcde-fgh1j-kmnpo-qrstv-wxyz9')).toBeNull();
    expect(concernCodeFault('ABCDE-FGH1J-KMNP0-QRSTV-WXYZ')).toEqual({
      kind: 'length',
      length: 24,
    });
    expect(concernCodeFault('')).toEqual({ kind: 'length', length: 0 });
    expect(concernCodeFault('ABCDE-FGH1J-KMNP0-QRSTV-WXYZ99')).toEqual({
      kind: 'length',
      length: 26,
    });
    expect(concernCodeFault('ABCDE-FGH1J-KMNPU-QRSTV-WXYZ9')).toEqual({
      kind: 'char',
      char: 'U',
      position: 17,
    });
    expect(concernCodeFault('ab\u0000cde')).toEqual({ kind: 'char', char: '\u0000', position: 3 });
    expect(concernCodeFault('АBCDE')).toEqual({ kind: 'char', char: 'А', position: 1 }); // Cyrillic А
    expect(concernCodeFault('😀BCDE')).toEqual({ kind: 'char', char: '😀', position: 1 });
    expect(concernCodeFault('AB\u202eCD')).toEqual({ kind: 'char', char: '\u202e', position: 3 });
  });

  it('read a character as one character: ß or ﬀ is no pair of letters, whatever the length', () => {
    const code = 'ABCDE-FGH1J-KMNP0-QRSTV-WXYZ9';
    // ß upper-cases to SS: as two letters, 23 others and ß would have read as a code.
    expect(normalizeConcernCode('ABCDE-FGH1J-KMNP0-QRSTV-WXYß')).toBeNull();
    expect(concernCodeFault('ABCDE-FGH1J-KMNP0-QRSTV-WXYß')).toEqual({
      kind: 'char',
      char: 'ß',
      position: 28,
    });
    expect(concernCodeFault('ABCDE-FGH1J-KMNP0-QRSTV-WXﬀ')).toMatchObject({ char: 'ﬀ' });
    // Separators do not count, as many as a mail program puts in; a body of them is no code.
    expect(normalizeConcernCode(code.replaceAll('-', ' '.repeat(12)))).toBe(code.replace(/-/g, ''));
    expect(normalizeConcernCode(' '.repeat(1_000_000) + code)).toBeNull();
    // Longer than any code as typed: said so, not "it has 25 letters and digits".
    expect(concernCodeFault(' '.repeat(72) + code)).toEqual({ kind: 'long' });
  });

  it('say a fault exactly when a text reads as no code, for any text', () => {
    const codeLike = fc.string({
      unit: fc.constantFrom(...'0123456789ABCDEFGHJKMNPQRSTVWXYZabiloU-– ßﬀİı\u0000😀'),
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        fc.oneof(
          codeLike,
          fc.string({ unit: 'binary', maxLength: 40 }),
          // Past the length any code as typed has, with a code in it.
          fc.nat({ max: 120 }).map((n) => `${' '.repeat(n)}ABCDE-FGH1J-KMNP0-QRSTV-WXYZ9`),
        ),
        (text) => {
          const canonical = normalizeConcernCode(text);
          const fault = concernCodeFault(text);
          expect(fault === null).toBe(canonical !== null);
          if (canonical !== null) expect(canonical).toMatch(/^[0-9A-HJKMNP-TV-Z]{25}$/);
          if (fault?.kind === 'length') expect(fault.length).not.toBe(25);
          if (fault?.kind === 'char') expect([...text][fault.position - 1]).toBe(fault.char);
        },
      ),
      { seed: 20261205, numRuns: 2000 },
    );
  });

  it('refuse what cannot be a code before any lookup', () => {
    for (const bad of ['', 'ABCDE', 'U'.repeat(25), '!'.repeat(25), 'A'.repeat(26), 'A'.repeat(61)])
      expect(normalizeConcernCode(bad)).toBeNull();
  });

  it('are found as spelt in a text, and only whole', () => {
    const a = generateConcernCode();
    const b = generateConcernCode();
    expect(concernCodesSpeltIn(`Your code: ${a}.\nAnd ${b}`)).toEqual([a, b]);
    expect(concernCodesSpeltIn(`X${a}`)).toEqual([]);
    expect(concernCodesSpeltIn(a.replace(/-/g, ''))).toEqual([]);
    expect(concernCodesSpeltIn('ABCDE-FGHIJ-KMNP0-QRSTV-WXYZ9')).toEqual([]); // I is not spelt
  });
});

describe('concern mail references', () => {
  it('read back the concern they were made for, and nothing else', () => {
    const id = '1b2c3d4e-0000-4000-8000-00000000abcd';
    expect(concernIdOfMailReference(concernMailReference(id))).toBe(id);
    for (const other of [
      'entry:' + id,
      `concern:${id}x`,
      'concern:',
      `concern:${id.toUpperCase()}`,
    ])
      expect(concernIdOfMailReference(other)).toBeNull();
  });
});
