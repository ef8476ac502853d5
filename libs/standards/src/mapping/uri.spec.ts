import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import isURL from 'validator/lib/isURL';
import { iriCharacterProblem, isAcceptableText, urlSyntaxProblem } from '@insyn/errors';
import { asUri } from './uri';

const ajv = new Ajv();
addFormats(ajv);
/** JSON Schema's `uri` format, as the Dutch register's schema checks its links. */
const isUri = ajv.compile({ type: 'string', format: 'uri' });

/** What the API's link fields accept (OptionalUrl's IsUrl options) or the importers (new URL). */
function acceptedLink(link: string): boolean {
  let parsed = false;
  try {
    parsed = ['http:', 'https:'].includes(new URL(link).protocol);
  } catch {
    parsed = false;
  }
  const checked = isURL(link, {
    require_protocol: true,
    protocols: ['http', 'https'],
    require_tld: false,
  });
  return (parsed || checked) && isAcceptableText(link) && iriCharacterProblem(link) === null;
}

/** Links of hostile parts: non-ASCII letters, emoji, stray `%`, brackets, `#`, delimiters. */
const link = fc
  .tuple(
    fc.constantFrom('http://', 'https://', 'HTTPS://'),
    fc.constantFrom(
      'example.se',
      'exämple.se',
      'stockholm.se:8443',
      'user:pä@host.se',
      '[::1]:80',
      '127.0.0.1',
      'localhost',
      'xn--exmple-cua.se',
      'ö',
    ),
    fc.string({
      unit: fc.oneof(
        fc.constantFrom(..."/?#%[]&=+:@!$'()*,;~._-aZ09åÖ€😀\u00a0".split('')),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      maxLength: 30,
    }),
  )
  .map(([scheme, host, rest]) => `${scheme}${host}${rest}`);

describe('asUri', () => {
  it('encodes an IRI’s non-ASCII characters and host, and mends what browsers forgive', () => {
    expect(asUri('https://sv.wikipedia.org/wiki/Förvaltningslag')).toBe(
      'https://sv.wikipedia.org/wiki/F%C3%B6rvaltningslag',
    );
    expect(asUri('https://exämple.se:8080/ö?q=å#ä')).toBe(
      'https://xn--exmple-cua.se:8080/%C3%B6?q=%C3%A5#%C3%A4',
    );
    expect(asUri('https://example.se/a%zz')).toBe('https://example.se/a%25zz');
    expect(asUri('https://example.se/a[1]')).toBe('https://example.se/a%5B1%5D');
    expect(asUri('https://example.se/#a#b')).toBe('https://example.se/#a%23b');
    expect(asUri('http://[::1]:80/x')).toBe('http://[::1]:80/x');
    expect(asUri('https://example.se/%C3%A5?a=1&b=2')).toBe('https://example.se/%C3%A5?a=1&b=2');
  });

  it('property: every link the API or an import accepts exports as a valid URI', () => {
    fc.assert(
      fc.property(link.filter(acceptedLink), (accepted) => {
        expect(isUri(asUri(accepted))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: an ASCII link the API accepts today comes back unchanged', () => {
    fc.assert(
      fc.property(
        link.filter(
          (l) => /^[\x20-\x7E]*$/.test(l) && acceptedLink(l) && urlSyntaxProblem(l) === null,
        ),
        (accepted) => {
          expect(asUri(accepted)).toBe(accepted);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
