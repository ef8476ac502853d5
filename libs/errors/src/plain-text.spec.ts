import fc from 'fast-check';
import { hasVisibleText, normalizePlainText, plainTextProblem } from './plain-text';
import {
  acceptText,
  bidiControlIn,
  isAcceptableText,
  textProblem,
  withRefusedCharactersMarked,
} from './text-rule';

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
    // Counted in characters, as a reader counts them: the emoji before it is one, not two.
    expect(acceptText('🗺️ Bell\u0007')).toEqual({
      problem:
        'must not contain control characters other than tab and newline (U+0007 at position 8)',
    });
  });
});

describe('bidirectional control characters (Trojan Source)', () => {
  const BIDI = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069].map(
    (code) => String.fromCharCode(code),
  );
  /** Control characters the rule refuses anyway (C0 but tab and newline, DEL, C1). */
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
  /** Any Unicode text (whole code points, so no lone surrogates). */
  const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }));
  /** Text with no control character and no bidi control; RTL marks and Arabic text welcome. */
  const clean = fc
    .array(fc.oneof(text, fc.constantFrom('\u200e', '\u200f', '\u061c', 'שלום', 'مرحبا', '\t\n')))
    .map((parts) => parts.join(''))
    .filter((s) => !CONTROL.test(s) && !BIDI.some((c) => s.includes(c)))
    .filter((s) => ![...s].some((c) => isNoncharacter(c.codePointAt(0)!)));

  it('refuses any text containing one, naming the character and where it is', () => {
    fc.assert(
      fc.property(clean, fc.constantFrom(...BIDI), clean, (before, bidi, after) => {
        const value = before + bidi + after;
        const name = `U+${bidi.charCodeAt(0).toString(16).toUpperCase()}`;
        expect(textProblem(value)).toBe(
          `must not contain the bidirectional control character ${name} at position ${[...before].length + 1}: it can make text display otherwise than it reads`,
        );
        expect(isAcceptableText(value)).toBe(false);
        expect(acceptText(value)).toEqual({ problem: textProblem(value) });
        expect(bidiControlIn(value)).toBe(name);
      }),
    );
  });

  it('accepts any text without control characters and without them (LRM, RLM and ALM included)', () => {
    fc.assert(
      fc.property(clean, (value) => {
        expect(textProblem(value)).toBeUndefined();
        expect(isAcceptableText(value)).toBe(true);
        expect(bidiControlIn(value)).toBeUndefined();
      }),
    );
  });

  it('names each of U+202A–U+202E and U+2066–U+2069, and lets the marks through', () => {
    expect(textProblem('Anna \u202eKarlsson')).toBe(
      'must not contain the bidirectional control character U+202E at position 6: it can make text display otherwise than it reads',
    );
    expect(BIDI.map((c) => bidiControlIn(`x${c}`))).toEqual([
      'U+202A',
      'U+202B',
      'U+202C',
      'U+202D',
      'U+202E',
      'U+2066',
      'U+2067',
      'U+2068',
      'U+2069',
    ]);
    for (const mark of ['\u200e', '\u200f', '\u061c', '\u2065', '\u206a', '\u2029'])
      expect(textProblem(`a${mark}b`)).toBeUndefined();
  });
});

/** U+FDD0–U+FDEF, and the last two code points of each of the 17 planes. */
const isNoncharacter = (code: number) =>
  (code >= 0xfdd0 && code <= 0xfdef) || (code & 0xfffe) === 0xfffe;

describe('noncharacters', () => {
  it('refuses exactly the 66 noncharacters, controls and bidi controls, of every code point', () => {
    const refused: number[] = [];
    const expected: number[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      if (textProblem(`a${String.fromCodePoint(code)}b`) !== undefined) refused.push(code);
      if (
        (code < 0x20 && code !== 0x09 && code !== 0x0a) ||
        (code >= 0x7f && code <= 0x9f) ||
        (code >= 0x202a && code <= 0x202e) ||
        (code >= 0x2066 && code <= 0x2069) ||
        isNoncharacter(code)
      )
        expected.push(code);
    }
    expect(refused).toEqual(expected);
    expect(refused.filter(isNoncharacter)).toHaveLength(66);
  });

  it('names a noncharacter by its code point, in the plane it is in', () => {
    expect(textProblem('Titel \ufffe')).toBe(
      'must not contain the noncharacter U+FFFE at position 7: it is no character of any text',
    );
    expect(textProblem('x\u{10ffff}')).toBe(
      'must not contain the noncharacter U+10FFFF at position 2: it is no character of any text',
    );
    expect(textProblem('\ufdd0')).toMatch(/^must not contain the noncharacter U\+FDD0 /);
    // Their neighbours are characters.
    for (const char of ['\ufdcf', '\ufdf0', '\ufffd', '\u{1fffd}', '\u{10fffd}', '😀'])
      expect(textProblem(char)).toBeUndefined();
  });
});

describe('hasVisibleText', () => {
  it('is false for text of white space and characters that do not show alone', () => {
    for (const text of [
      '',
      ' \n\t',
      '\u200b',
      '\u200c\u200d',
      '\u2060\ufeff',
      '\u00ad',
      '\u3000\u200b',
      '\u2800 \u2800',
      '\u{1D159}\ufffc\ufff9\ufffa\ufffb\u{16FE4}',
    ])
      expect({ text, visible: hasVisibleText(text) }).toEqual({ text, visible: false });
  });
  it('is true as soon as one character shows, in any script', () => {
    for (const text of ['a', '\u200bå', '数', '٣', '!', '—', '\u200d😀', '\u2800⠁'])
      expect({ text, visible: hasVisibleText(text) }).toEqual({ text, visible: true });
  });
});

describe('withRefusedCharactersMarked', () => {
  it('marks each refused character, and leaves a text the rule takes as it is', () => {
    expect(withRefusedCharactersMarked('a\u0000b\ud800c\udbff\udfffd😀')).toBe(
      'a\ufffdb\ufffdc\ufffdd😀',
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const marked = withRefusedCharactersMarked(text);
        expect(isAcceptableText(marked)).toBe(true);
        if (isAcceptableText(text)) expect(marked).toBe(text);
      }),
    );
  });
});
