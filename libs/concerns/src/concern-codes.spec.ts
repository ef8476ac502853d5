import { concernIdOfMailReference, concernMailReference } from './concern-mail-reference';
import { concernCodesSpeltIn, generateConcernCode, normalizeConcernCode } from './concern-codes';

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

  it('refuse what cannot be a code before any lookup', () => {
    for (const bad of ['', 'ABCDE', 'U'.repeat(25), '!'.repeat(25), 'A'.repeat(61)])
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
