/** Markers Meilisearch puts around matches; control characters never occur in indexed text. */
export const HIGHLIGHT_PRE = '\u0002';
export const HIGHLIGHT_POST = '\u0003';

const HTML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Meilisearch's highlighted text as safe HTML: everything escaped, then the markers turned into
 * <mark> and </mark> (balanced: a stray marker is dropped).
 */
export function toHighlightHtml(formatted: string | undefined | null, fallback: string): string {
  const text = typeof formatted === 'string' ? formatted : fallback;
  // Most text needs nothing: one scan, no copy.
  if (!SPECIAL.test(text)) return text;
  let open = false;
  const html = text.replace(SPECIALS, (char) => {
    if (char === HIGHLIGHT_PRE) {
      if (open) return '';
      open = true;
      return '<mark>';
    }
    if (char === HIGHLIGHT_POST) {
      if (!open) return '';
      open = false;
      return '</mark>';
    }
    return HTML[char];
  });
  return open ? `${html}</mark>` : html;
}

/** The characters to escape, and the markers. */
const SPECIAL_CHARACTERS = `[&<>"'${HIGHLIGHT_PRE}${HIGHLIGHT_POST}]`;
const SPECIAL = new RegExp(SPECIAL_CHARACTERS);
const SPECIALS = new RegExp(SPECIAL_CHARACTERS, 'g');
