import { urlSyntaxProblem } from './web-address';

describe('urlSyntaxProblem', () => {
  it('accepts links an export can write as URIs, non-ASCII letters and IPv6 hosts included', () => {
    for (const link of [
      'https://sv.wikipedia.org/wiki/Förvaltningslag',
      'https://exämple.se/ö?q=å#ä',
      'https://example.se/%C3%A5?a=1&b=%25',
      'http://[::1]:8080/x',
      'https://user:pw@host.se/#frag/ment?',
    ])
      expect({ link, problem: urlSyntaxProblem(link) }).toEqual({ link, problem: null });
  });

  it('names what a browser forgives and a URI cannot hold', () => {
    expect(urlSyntaxProblem('https://example.se/a%zz')).toBe(
      'must not contain "%" without two hex digits after it (at position 21): write "%25" for a percent sign',
    );
    expect(urlSyntaxProblem('https://example.se/a%2')).toMatch(/^must not contain "%"/);
    expect(urlSyntaxProblem('https://example.se/a[1]')).toBe(
      'must not contain "[" outside the host (at position 21): write "%5B" or "%5D"',
    );
    expect(urlSyntaxProblem('https://example.se/?q=]')).toMatch(/^must not contain "\]"/);
    // Positions count as the other rules' do (UTF-16 code units): after an emoji, two.
    expect(urlSyntaxProblem('https://example.se/😀[')).toBe(
      'must not contain "[" outside the host (at position 22): write "%5B" or "%5D"',
    );
    expect(urlSyntaxProblem('https://a[b@example.se/')).toMatch(/^must not contain "\["/);
    expect(urlSyntaxProblem('https://[::1/')).toMatch(/^must not contain "\["/);
    expect(urlSyntaxProblem('https://example.se/#a#b')).toBe(
      'must not contain a second "#" (at position 22): write "%23"',
    );
    expect(urlSyntaxProblem('https://example.se/a b')).toBe(
      'must not contain white space (U+0020 at position 21)',
    );
  });
});
