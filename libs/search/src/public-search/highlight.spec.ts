import { HIGHLIGHT_POST, HIGHLIGHT_PRE, toHighlightHtml } from './highlight';

describe('toHighlightHtml', () => {
  it('turns the markers into <mark> and escapes everything else', () => {
    expect(
      toHighlightHtml(`<b>${HIGHLIGHT_PRE}Kamera${HIGHLIGHT_POST} & "sensor"</b>`, 'unused'),
    ).toBe('&lt;b&gt;<mark>Kamera</mark> &amp; &quot;sensor&quot;&lt;/b&gt;');
  });

  it('falls back to the plain text, escaped', () => {
    expect(toHighlightHtml(undefined, "<script>alert('x')</script>")).toBe(
      '&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;',
    );
  });

  it('keeps the tags balanced', () => {
    expect(toHighlightHtml(`a${HIGHLIGHT_POST}b${HIGHLIGHT_PRE}c`, '')).toBe('ab<mark>c</mark>');
    expect(toHighlightHtml(`${HIGHLIGHT_PRE}${HIGHLIGHT_PRE}a${HIGHLIGHT_POST}`, '')).toBe(
      '<mark>a</mark>',
    );
  });

  it('returns text with nothing to escape or mark as it is', () => {
    expect(toHighlightHtml(undefined, 'Parkeringskameror på Södermalm')).toBe(
      'Parkeringskameror på Södermalm',
    );
    expect(toHighlightHtml(`${HIGHLIGHT_PRE}a${HIGHLIGHT_POST} & ${HIGHLIGHT_PRE}b`, '')).toBe(
      '<mark>a</mark> &amp; <mark>b</mark>',
    );
  });
});
