import { normalizePlainText, plainTextProblem } from './plain-text';
import { acceptText } from './text-rule';

describe('the plain-text rule', () => {
  it('normalises line breaks and trims', () => {
    expect(normalizePlainText('  a\r\nb\rc\n ')).toBe('a\nb\nc');
  });

  it('accepts tabs, newlines, emoji, Swedish and markup as plain characters', () => {
    for (const ok of ['a\tb\nc', 'Åsa 😀 här', '<script>alert(1)</script>', ''])
      expect(plainTextProblem(ok)).toBeUndefined();
  });

  it('refuses other control characters and unpaired surrogates', () => {
    for (const bad of ['a\u0000b', 'a\u0007', 'a\u001b[31m', 'a\u007f', 'a\u0085', 'a\rb'])
      expect(plainTextProblem(bad)).toMatch(/control characters/);
    for (const bad of ['a\ud800', '\udc00b', 'x\ud83dy'])
      expect(plainTextProblem(bad)).toMatch(/unpaired surrogate/);
    expect(plainTextProblem('😀')).toBeUndefined();
  });
});

describe('acceptText (the rule for every input string)', () => {
  it('takes a CRLF as a newline, trims, and refuses a lone CR or a control character', () => {
    expect(acceptText('  a\r\nb\t \n')).toEqual({ text: 'a\nb' });
    expect(acceptText('a\rb')).toEqual({
      problem:
        'must not contain control characters other than tab and newline (U+000D at position 2)',
    });
    expect(acceptText('Bell\u0007 title')).toEqual({
      problem:
        'must not contain control characters other than tab and newline (U+0007 at position 5)',
    });
  });
});
