/**
 * How long a security.txt is valid from the day it is served. It is made from the configuration
 * at each request, so its contact is always the current one: a short validity says so (RFC 9116
 * asks for less than a year, so that a forgotten file goes stale).
 */
export const SECURITY_TXT_VALID_DAYS = 30;

export interface SecurityTxtOptions {
  /** INSYN_SECURITY_CONTACT_URL: https or mailto: with one address (validated by the config). */
  contact: string;
  organisationName: string;
  /** INSYN_PUBLIC_URL: the file's canonical address when it is https. */
  publicUrl: string;
  /** Today (YYYY-MM-DD, the registry's clock): the same file all day, so its ETag holds. */
  today: string;
}

/**
 * `/.well-known/security.txt` (RFC 9116): where to report a vulnerability in this registry,
 * until when that holds, in which languages, and the file's own address.
 */
export function securityTxt({ contact, organisationName, publicUrl, today }: SecurityTxtOptions) {
  const start = Date.parse(`${today}T00:00:00Z`);
  if (Number.isNaN(start)) throw new Error(`not a day: ${today}`);
  const expires = new Date(start + SECURITY_TXT_VALID_DAYS * 86_400_000).toISOString();
  // A comment is one line: no control character of the name may start another field.
  const name = organisationName.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ');
  const lines = [
    `# Insyn, the register of algorithms, datasets and sensors of ${name}.`,
    `Contact: ${contact}`,
    `Expires: ${expires}`,
    'Preferred-Languages: sv, en',
  ];
  if (publicUrl.startsWith('https://'))
    lines.push(`Canonical: ${publicUrl}/.well-known/security.txt`);
  return `${lines.join('\n')}\n`;
}
