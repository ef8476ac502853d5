import fc from 'fast-check';
import { cursorText, encodeCursorText } from './cursor-text';

describe('cursor text', () => {
  it('reads back every text it wrote', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(cursorText(encodeCursorText(text))).toBe(text);
      }),
    );
  });

  it('refuses a cursor with anything added, padded, or in the other alphabet', () => {
    const cursor = encodeCursorText('audit:50');
    expect(cursor).toBe('YXVkaXQ6NTA');
    for (const forged of [
      `${cursor}%3D`,
      `${cursor}=`,
      `${cursor}==`,
      ` ${cursor}`,
      `${cursor}\n`,
      `${cursor}.`,
      encodeCursorText('???>>>').replace(/_/g, '/').replace(/-/g, '+'),
    ])
      expect({ forged, text: cursorText(forged) }).toEqual({ forged, text: null });
    // Bytes that are no UTF-8 come back as U+FFFD, which encodes otherwise: refused.
    expect(cursorText(Buffer.from([0xff, 0xfe]).toString('base64url'))).toBeNull();
  });
});
