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
