/**
 * Characters an address may not hold to be written as an IRI (RFC 3987, as RDF, JSON Schema's
 * `uri` and every link in the exports need it): white space, `\`, `"`, `<`, `>`, `^`, `` ` ``,
 * `{`, `|` and `}`. A browser's parser forgives some of them (it reads `\` as `/`), so a URL
 * checker accepts them, and an export would then carry an `@id` an RDF parser drops.
 */
const NOT_IN_AN_IRI = /[\s\\"<>^`{|}]/u;

/** Why `value` cannot be written as an IRI (the first such character, named), or null. */
export function iriCharacterProblem(value: string): string | null {
  const found = NOT_IN_AN_IRI.exec(value);
  if (!found) return null;
  const code = found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  const name = /\s/u.test(found[0])
    ? 'white space'
    : found[0] === '"'
      ? 'a double quote'
      : `"${found[0]}"`;
  return `must not contain ${name} (U+${code} at position ${found.index + 1})`;
}

/** A `%` without two hex digits after it: not a percent-encoding (`asUri` mends it as `%25`). */
export const STRAY_PERCENT = /%(?![0-9A-Fa-f]{2})/g;

/**
 * A URL's `scheme://` and its authority: from there to the first `/`, `?` or `#` (user info, the
 * host, which may be an IPv6 address in brackets, and a port).
 */
export const URL_AUTHORITY = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)/;

/**
 * Why an http(s) URL cannot be written as a URI even once its other characters are
 * percent-encoded (RFC 3986, which JSON Schema's `uri` format checks, as the Dutch register's
 * schema does): a character `iriCharacterProblem` names, a `%` without two hex digits after it,
 * `[` or `]` outside the host (where only an IPv6 address is bracketed), or a second `#`. A
 * browser's parser forgives these, so a URL checker accepts them, and the export would then
 * leave the entry out. Non-ASCII letters are allowed: `asUri` (the exports) encodes them.
 */
export function urlSyntaxProblem(value: string): string | null {
  const iri = iriCharacterProblem(value);
  if (iri) return iri;
  const at = (index: number) => `at position ${index + 1}`;
  const percent = value.search(STRAY_PERCENT);
  if (percent >= 0)
    return `must not contain "%" without two hex digits after it (${at(percent)}): write "%25" for a percent sign`;
  // The authority runs from after `scheme://` to the first `/`, `?` or `#`; its host follows
  // the last `@`, and may be an IPv6 address in brackets, then a port.
  const authority = URL_AUTHORITY.exec(value);
  const hostAt = authority ? authority[1].length + authority[2].lastIndexOf('@') + 1 : 0;
  const hostEnd = authority ? authority[0].length : 0;
  const ipv6 = /^\[[^[\]]*\](:\d*)?$/.test(value.slice(hostAt, hostEnd));
  let bracket = -1;
  for (let i = 0; i < value.length && bracket < 0; i++)
    if ((value[i] === '[' || value[i] === ']') && !(ipv6 && i >= hostAt && i < hostEnd))
      bracket = i;
  if (bracket >= 0)
    return `must not contain "${value[bracket]}" outside the host (${at(bracket)}): write "%5B" or "%5D"`;
  const hash = value.indexOf('#');
  const second = hash < 0 ? -1 : value.indexOf('#', hash + 1);
  if (second >= 0) return `must not contain a second "#" (${at(second)}): write "%23"`;
  return null;
}
