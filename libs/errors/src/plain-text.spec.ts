import { normalizePlainText, plainTextProblem } from './plain-text';

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
      expect(plainTextProblem(bad)).toMatch(/surrogates/);
    expect(plainTextProblem('😀')).toBeUndefined();
  });
});
