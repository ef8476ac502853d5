import { codePoint } from './text-rule';
import { plainTextProblem } from './plain-text';

// A pragmatic address check (the mail server has the last word): one @, no spaces.
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/**
 * Characters that do not show, or show as nothing known: Unicode's default-ignorable code
 * points (zero-width space and joiners, the word joiner, soft hyphen, byte order mark, Hangul
 * fillers, variation selectors…), the other format characters, private-use and unassigned code
 * points, and the line and paragraph separators. In an address they make it look like another
 * to the department, and go out raw in To:.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

/**
 * Control characters (category Cc: C0 with tab and newline, DEL, C1): they do not show either,
 * and the resident can no more find them unnamed. Found together with INVISIBLE, so the first
 * hidden character of the address is the one named.
 */
const CONTROL = /\p{Cc}/u;
const HIDDEN = new RegExp(`${CONTROL.source}|${INVISIBLE.source}`, 'u');

/**
 * Scripts whose letters pass for one another's (а and a, ο and o, հ and h): a domain label with
 * letters of two of them is a homograph of another domain. Labels in one script are left (and so
 * are whole-script homographs such as a Cyrillic label that reads as a Latin one).
 */
const LOOKALIKE_SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Cherokee'].map(
  (script) => ({ script, letter: new RegExp(`\\p{Script=${script}}`, 'u') }),
);

/** What is wrong with an e-mail address, for a message in the reader's language. */
export type EmailAddressFault =
  /** A character that does not show: its code point (`U+200B`) and 1-based position. */
  | { kind: 'invisible'; codePoint: string; position: number }
  /** A control character (`U+0007`), and its 1-based position (in characters, as above). */
  | { kind: 'control'; codePoint: string; position: number }
  /** A domain part with letters of look-alike scripts (their English names, e.g. Latin). */
  | { kind: 'mixedScripts'; scripts: string[] }
  /** Not an address to mail (the shape, the length, an unpaired surrogate). */
  | { kind: 'notAnAddress' };

/**
 * What is wrong with an e-mail address that people will write to (already trimmed; at most
 * `maxLength` characters), or null when it may be mailed: a resident's contact e-mail, an
 * entry's public contact address.
 */
export function emailAddressFault(email: string, maxLength: number): EmailAddressFault | null {
  const hidden = HIDDEN.exec(email);
  if (hidden) {
    const position = [...email.slice(0, hidden.index)].length + 1;
    const kind = CONTROL.test(hidden[0]) ? 'control' : 'invisible';
    return { kind, codePoint: codePoint(hidden[0]), position };
  }
  // The text rule too (the GraphQL API applies it to every string; the site's form reaches the
  // service without it): what else it refuses (an unpaired surrogate) is no part of an address.
  if (email.length > maxLength || !EMAIL.test(email) || plainTextProblem(email))
    return { kind: 'notAnAddress' };
  for (const label of email.slice(email.lastIndexOf('@') + 1).split('.')) {
    const scripts = LOOKALIKE_SCRIPTS.filter(({ letter }) => letter.test(label));
    // Naming the scripts, not the label: an error message may be logged, an address may not.
    if (scripts.length > 1) return { kind: 'mixedScripts', scripts: scripts.map((s) => s.script) };
  }
  return null;
}

/** `emailAddressFault` as the end of a sentence about the field ("must be …"), for the API. */
export function emailAddressProblem(email: string, maxLength: number): string | null {
  return faultSaid(emailAddressFault(email, maxLength));
}

function faultSaid(fault: EmailAddressFault | null): string | null {
  switch (fault?.kind) {
    case undefined:
      return null;
    case 'invisible':
      return `must be an e-mail address without characters that do not show (${fault.codePoint} at position ${fault.position})`;
    case 'control':
      return `must be an e-mail address without control characters (${fault.codePoint} at position ${fault.position})`;
    case 'mixedScripts':
      return `must be an e-mail address whose domain does not mix ${fault.scripts.join(' and ')} letters in one part`;
    case 'notAnAddress':
      return 'must be an e-mail address';
  }
}

/**
 * What makes an address pass for another, beyond its shape (a character that does not show, a
 * control character, a domain part mixing look-alike scripts), or null: for addresses whose
 * shape and length other checks name (an entry's public contact address).
 */
export function disguisedAddressProblem(email: string): string | null {
  const fault = emailAddressFault(email, Number.MAX_SAFE_INTEGER);
  return fault?.kind === 'notAnAddress' ? null : faultSaid(fault);
}
