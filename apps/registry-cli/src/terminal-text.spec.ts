import fc from 'fast-check';
import { terminalLines, terminalText } from './terminal-text';

describe('terminalText (what the CLI prints of its input)', () => {
  it('escapes escape sequences, C0, DEL, C1 and bidi controls as visible \\u escapes', () => {
    expect(terminalText('Title\u001b[2J\u001b]0;pwned\u0007')).toBe(
      'Title\\u001b[2J\\u001b]0;pwned\\u0007',
    );
    expect(terminalText('a\tb\nc\rd\u0000e\u007ff\u009b31mg')).toBe(
      'a\\u0009b\\u000ac\\u000dd\\u0000e\\u007ff\\u009b31mg',
    );
    expect(terminalText('Anna \u202enossraK \u2066x\u2069')).toBe(
      'Anna \\u202enossraK \\u2066x\\u2069',
    );
  });

  it('leaves other text as it is: Swedish, emoji, right-to-left text and its marks', () => {
    for (const text of ['Åsa räknar 😀', 'שלום \u200fעולם\u200e \u061cمرحبا', 'a\\u001b'])
      expect(terminalText(text)).toBe(text);
  });

  it('property: the result holds no control character, and only escapes change', () => {
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    const unsafe = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
    // (Text already holding an escape's six characters could not be told from one.)
    const texts = fc.string({ unit: 'binary' }).filter((t) => !/\\u[0-9a-f]{4}/.test(t));
    fc.assert(
      fc.property(texts, (text) => {
        const shown = terminalText(text);
        expect(shown).not.toMatch(unsafe);
        const unescaped = shown.replace(/\\u([0-9a-f]{4})/g, (_, hex: string) =>
          String.fromCharCode(parseInt(hex, 16)),
        );
        expect(unescaped).toBe(text);
        expect(terminalText(shown)).toBe(shown);
      }),
    );
  });

  it('terminalLines keeps the line breaks between lines, escaping within them', () => {
    let message = '';
    try {
      JSON.parse('{"a": \u001b[2J}');
    } catch (error) {
      message = `failed: the file is not JSON: ${(error as Error).message}\nsecond line`;
    }
    expect(message).toContain('\u001b'); // the parser quotes the file
    expect(terminalLines(message)).toMatch(/^failed: .*\\u001b\[2J.*\nsecond line$/);
    expect(terminalLines(message)).not.toContain('\u001b');
  });
});
