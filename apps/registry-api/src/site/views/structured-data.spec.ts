import fc from 'fast-check';
import { jsonForScript } from './structured-data';

describe('jsonForScript', () => {
  it('is the same JSON, and no text in it can end the script element or open a comment', () => {
    const hostile = fc.constantFrom(
      '</script><script>alert(1)</script>',
      '<!--',
      '</SCRIPT >',
      ']]>',
      '&lt;',
      '\u2028\u2029',
      '\u0000',
      '\ud800',
    );
    const text = fc.oneof(hostile, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(fc.dictionary(text, fc.oneof(text, fc.array(text))), (value) => {
        const json = jsonForScript(value);
        expect(json).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});
