import { Utf8Check, utf8Problem } from './utf8-file';

describe('Utf8Check', () => {
  it('accepts what Node encodes as UTF-8, split anywhere between chunks', () => {
    const bytes = Buffer.from('Åsa räknar 😀 € \u{10FFFF}\n', 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const check = new Utf8Check();
      expect([
        check.feed(bytes.subarray(0, cut)),
        check.feed(bytes.subarray(cut)),
        check.end(),
      ]).toEqual([undefined, undefined, undefined]);
    }
  });

  it.each([
    ['Latin-1 ä', [0x61, 0xe4, 0x62], 2],
    ['a lone continuation byte', [0x80], 1],
    ['an overlong slash', [0xc0, 0xaf], 1],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 1],
    ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], 1],
    ['beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 1],
    ['a sequence cut short at the end', [0x61, 0xe2, 0x82], 2],
  ])('refuses %s, naming its byte', (_what, bytes, at) => {
    expect(utf8Problem(Uint8Array.from(bytes))).toBe(
      `the file is not UTF-8 text (line 1, byte ${at}); save it as UTF-8`,
    );
  });

  it('counts lines', () => {
    expect(utf8Problem(Buffer.from([0x61, 0x0a, 0x62, 0x0a, 0xff]))).toBe(
      'the file is not UTF-8 text (line 3, byte 5); save it as UTF-8',
    );
  });
});
