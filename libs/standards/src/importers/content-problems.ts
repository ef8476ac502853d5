import {
  AnyField,
  CONTENT_SIZES,
  dateRangeProblems,
  ENTRY_FIELDS,
  geoJsonAreaProblem,
  EntryContent,
  EntryKind,
} from '@insyn/registry';
import {
  characterCount,
  disguisedAddressProblem,
  iriCharacterProblem,
  urlSyntaxProblem,
} from '@insyn/errors';

/** A path's sizes: list items share their list's path, without the index. */
const sizesOf = (path: string) => CONTENT_SIZES[path.replace(/\.\d+(?=\.|$)/g, '')] ?? {};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ()-]{5,30}$/;

/**
 * Checks imported content against the field catalogue, as the GraphQL inputs check typed content:
 * every field known for the kind, of its type, within its size (`CONTENT_SIZES`, the API's own
 * limits); dates real and ranges in order. Returns one line per problem, naming the field by its
 * catalogue path (empty when valid).
 */
export function contentProblems(
  kind: EntryKind,
  content: Record<string, unknown>,
  principleCodes: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  if (typeof content.title !== 'string' || content.title.trim() === '')
    problems.push('title: a title is required');
  walk(ENTRY_FIELDS as unknown as Record<string, AnyField>, content, '', kind, problems);
  const named = new Set<string>();
  const principles = content.principles;
  for (const p of Array.isArray(principles) ? (principles as { code?: string }[]) : []) {
    if (typeof p?.code !== 'string') continue;
    if (!principleCodes.has(p.code))
      problems.push(`principles.code: "${p.code}" is not one of ${[...principleCodes].join(', ')}`);
    else if (named.has(p.code))
      problems.push(`principles.code: "${p.code}" is named twice (each principle at most once)`);
    named.add(p.code);
  }
  if (!problems.length)
    for (const p of dateRangeProblems(content as unknown as EntryContent))
      problems.push(`${p.field.replace(/^input\./, '')}: ${p.message}`);
  return problems;
}

function walk(
  fields: Record<string, AnyField>,
  value: unknown,
  prefix: string,
  kind: EntryKind,
  problems: string[],
): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${prefix.slice(0, -1) || '(record)'}: must be an object`);
    return;
  }
  for (const [name, child] of Object.entries(value)) {
    const path = prefix + name;
    const field = fields[name];
    if (!field) {
      problems.push(`${path}: not a field of an Insyn entry`);
      continue;
    }
    if (field.kinds && !field.kinds.includes(kind)) {
      problems.push(`${path}: not a field of a ${kind}`);
      continue;
    }
    if (child === undefined || child === null) continue;
    check(field, child, path, kind, problems);
  }
}

function check(field: AnyField, value: unknown, path: string, kind: EntryKind, problems: string[]) {
  const fail = (message: string) => problems.push(`${path}: ${message}`);
  switch (field.type) {
    case 'text':
    case 'date':
    case 'url':
    case 'email':
    case 'phone': {
      if (typeof value !== 'string') return fail('must be text');
      const max = sizesOf(path).maxLength;
      const length = characterCount(value);
      if (max !== undefined && length > max)
        return fail(`must be at most ${max} characters (it has ${length})`);
      // Years as the API's CalendarDate takes them: PostgreSQL has no year 0.
      if (
        field.type === 'date' &&
        (!DATE.test(value) ||
          value.startsWith('0000') ||
          Number.isNaN(Date.parse(value)) ||
          new Date(value).toISOString().slice(0, 10) !== value)
      )
        return fail(`must be a date YYYY-MM-DD with a year from 0001 to 9999 (not "${value}")`);
      if (field.type === 'url' && !isWebUrl(value))
        return fail(`must be an http(s) URL (not "${value}")`);
      if (field.type === 'email' && !EMAIL.test(value))
        return fail(`must be an e-mail address (not "${value}")`);
      // As the API: nothing hidden, no domain part mixing look-alike scripts.
      const disguised = field.type === 'email' ? disguisedAddressProblem(value) : null;
      if (disguised) return fail(disguised);
      // As the API: links and addresses are written as IRIs (links as URIs) in the exports.
      const iri =
        field.type === 'url'
          ? urlSyntaxProblem(value)
          : field.type === 'email'
            ? iriCharacterProblem(value)
            : null;
      if (iri) return fail(iri);
      if (field.type === 'phone' && !PHONE.test(value))
        return fail(`must be a phone number (not "${value}")`);
      return;
    }
    case 'enum': {
      const values = Object.values(field.values as object) as unknown[];
      if (!values.includes(value))
        return fail(`must be one of ${values.join(', ')} (not "${String(value)}")`);
      return;
    }
    case 'int':
    case 'number': {
      const whole = field.type === 'int';
      const [min, max] = [field.min ?? (whole ? 0 : -Infinity), field.max ?? Infinity];
      const what = whole ? 'a whole number' : 'a number';
      if (
        typeof value !== 'number' ||
        !Number.isFinite(value) ||
        (whole && !Number.isInteger(value))
      )
        return fail(`must be ${what}`);
      if (value < min || value > max)
        return fail(
          `must be ${what} ${max === Infinity ? `of ${min} or more` : `from ${min} to ${max}`} (not ${value})`,
        );
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') return fail('must be true or false');
      return;
    case 'geojson': {
      const problem = geoJsonAreaProblem(value);
      if (problem) return fail(problem);
      return;
    }
    case 'object':
      walk(field.fields, value, `${path}.`, kind, problems);
      return;
    case 'list': {
      if (!Array.isArray(value)) return fail('must be a list');
      const max = sizesOf(path).maxItems;
      if (max !== undefined && value.length > max)
        return fail(`must have at most ${max} items (it has ${value.length})`);
      value.forEach((item, i) => {
        if (item === null || item === undefined) return fail(`item ${i + 1} is empty`);
        check(field.of, item, `${path}.${i + 1}`, kind, problems);
      });
      return;
    }
  }
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
