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
  let open = false;
  let html = '';
  for (const char of text) {
    if (char === HIGHLIGHT_PRE) {
      if (!open) html += '<mark>';
      open = true;
    } else if (char === HIGHLIGHT_POST) {
      if (open) html += '</mark>';
      open = false;
    } else html += HTML[char] ?? char;
  }
  return open ? `${html}</mark>` : html;
}
