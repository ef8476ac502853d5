/**
 * The text rule for what people write (residents' concerns, departments' answers): plain text,
 * stored as written and escaped wherever it is shown. Line breaks are normalised to `\n` and the
 * ends trimmed; control characters other than tab and newline (C0, DEL, C1) and unpaired UTF-16
 * surrogates are refused, since they only ever hide or garble text.
 */
export function normalizePlainText(value: string): string {
  return value.replace(/\r\n?/g, '\n').trim();
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** What breaks the rule in an already normalised text, or undefined when it is plain text. */
export function plainTextProblem(value: string): string | undefined {
  if (CONTROL.test(value))
    return 'must not contain control characters (other than tab and newline)';
  if (LONE_SURROGATE.test(value)) return 'must not contain unpaired surrogates';
  return undefined;
}
