import fc from 'fast-check';
import { isOneLine } from './text-rule';

describe('isOneLine', () => {
  it('refuses every mandatory line break: newline, Unicode’s line and paragraph separators, …', () => {
    for (const text of [
      'a\nb',
      'a\u2028b',
      'a\u2029b',
      '\u2028',
      'a\n',
      'a\rb',
      'a\u0085b',
      'a\vb',
      'a\fb',
    ]) {
      expect(isOneLine(text)).toBe(false);
    }
  });

  it('accepts any text without them, tabs and other white space included', () => {
    expect(isOneLine('Trafik\tsignaler\u00a0och\u2003gator')).toBe(true);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const line = s.replace(/[\n\v\f\r\u0085\u2028\u2029]/g, '');
        expect(isOneLine(line)).toBe(true);
      }),
    );
  });
});
