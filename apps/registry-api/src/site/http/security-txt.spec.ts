import fc from 'fast-check';
import { SECURITY_TXT_VALID_DAYS, securityTxt } from './security-txt';

const options = {
  contact: 'mailto:cert@stad.example.se',
  organisationName: 'Stockholms stad',
  publicUrl: 'https://insyn.stad.example.se',
  today: '2026-12-02',
};

/** The file's fields (RFC 9116: `Name: value` lines; `#` starts a comment). */
const fieldsOf = (text: string) =>
  text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = /^([A-Za-z-]+): (\S.*)$/.exec(line);
      if (!match) throw new Error(`not a field: ${JSON.stringify(line)}`);
      return [match[1], match[2]];
    });

describe('security.txt', () => {
  it('gives the contact, an expiry within a year, the languages and its canonical address', () => {
    expect(fieldsOf(securityTxt(options))).toEqual([
      ['Contact', 'mailto:cert@stad.example.se'],
      ['Expires', '2027-01-01T00:00:00.000Z'],
      ['Preferred-Languages', 'sv, en'],
      ['Canonical', 'https://insyn.stad.example.se/.well-known/security.txt'],
    ]);
    expect(SECURITY_TXT_VALID_DAYS).toBeLessThan(365);
  });

  it('names no canonical address the site is not served at over https', () => {
    const text = securityTxt({ ...options, publicUrl: 'http://localhost:3000' });
    expect(fieldsOf(text).map(([name]) => name)).toEqual([
      'Contact',
      'Expires',
      'Preferred-Languages',
    ]);
  });

  it('keeps any organisation name in its one comment line, so it cannot add a field', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (organisationName) => {
        const fields = fieldsOf(securityTxt({ ...options, organisationName }));
        expect(fields.map(([name]) => name)).toEqual([
          'Contact',
          'Expires',
          'Preferred-Languages',
          'Canonical',
        ]);
      }),
    );
    const crafted = securityTxt({ ...options, organisationName: 'X\nContact: mailto:evil@x.se' });
    expect(crafted.match(/^Contact:/gm)).toHaveLength(1);
  });

  it('refuses a day that is not one', () => {
    expect(() => securityTxt({ ...options, today: '2026-02-30x' })).toThrow(/not a day/);
  });
});
