import { acceptText, textProblem } from '@insyn/errors';
import { AnyField, ENTRY_FIELDS } from '@insyn/registry';

/**
 * The text rule of every input (`acceptText` of @insyn/errors, the one the GraphQL API applies)
 * over imported content: every string at any depth, keys included. A text is taken as the API
 * takes it (a CRLF line break as a newline, trimmed); a string inside a GeoJSON value, and an
 * enumeration's value, is checked and left as it is, as the API does. Returns the content to import and one line per problem,
 * naming the field by its catalogue path, list items counted from 1 (`keywords.2: must not …`).
 */
export function contentText(content: Record<string, unknown>): {
  content: Record<string, unknown>;
  problems: string[];
} {
  const problems: string[] = [];
  const checked = visit(content, '', ENTRY, problems) as Record<string, unknown>;
  return { content: checked, problems };
}

/** What is known of a value: its catalogue field, or the catalogue itself (the whole record). */
type Known = AnyField | { type: 'entry'; fields: Record<string, AnyField> } | undefined;
const ENTRY: Known = { type: 'entry', fields: ENTRY_FIELDS as unknown as Record<string, AnyField> };

function visit(value: unknown, path: string, field: Known, problems: string[]): unknown {
  const name = path || '(record)';
  if (typeof value === 'string') {
    if (field?.type === 'geojson' || field?.type === 'enum') {
      const problem = textProblem(value);
      if (problem) problems.push(`${name}: ${problem}`);
      return value;
    }
    const accepted = acceptText(value);
    if ('problem' in accepted) {
      problems.push(`${name}: ${accepted.problem}`);
      return value;
    }
    return accepted.text;
  }
  if (Array.isArray(value)) {
    const item = field?.type === 'list' ? field.of : field;
    return value.map((v, i) => visit(v, `${path ? `${path}.` : ''}${i + 1}`, item, problems));
  }
  if (typeof value === 'object' && value !== null) {
    const out: [string, unknown][] = [];
    for (const [key, child] of Object.entries(value)) {
      const problem = textProblem(key);
      if (problem) {
        problems.push(`${name}: a field name ${problem}`);
        continue;
      }
      const childField =
        (field?.type === 'object' || field?.type === 'entry') && Object.hasOwn(field.fields, key)
          ? field.fields[key]
          : field?.type === 'geojson'
            ? field
            : undefined;
      out.push([key, visit(child, path ? `${path}.${key}` : key, childField, problems)]);
    }
    // fromEntries: a key such as `__proto__` stays a plain key.
    return Object.fromEntries(out);
  }
  return value;
}
