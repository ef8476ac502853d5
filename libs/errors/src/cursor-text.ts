/** A list cursor's text: what the list wrote, as base64url (no padding, nothing to escape). */
export function encodeCursorText(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/**
 * The text a cursor encodes, or null when the cursor is not exactly what `encodeCursorText`
 * writes. Node's base64 decoder is forgiving (it skips characters outside the alphabet, reads
 * padding and the other alphabet's `+` and `/`): a cursor with junk appended (`…%3D`) had decoded
 * to another position, so paging went on from there where it should have been refused.
 */
export function cursorText(cursor: string): string | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  return encodeCursorText(text) === cursor ? text : null;
}
