import { BIDI_CONTROL } from '@insyn/errors';

/**
 * C0 (tab and newline included), DEL, C1, the text rule's bidirectional controls, and unpaired
 * surrogates (which a terminal shows as garbage or not at all).
 */
const UNSAFE = new RegExp(
  `[\\u0000-\\u001f\\u007f-\\u009f]|${BIDI_CONTROL.source}|[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]`,
  'g',
);

/**
 * Text for the operator's terminal, with every control character shown as a visible escape
 * (`\u001b`): text that came from input (an imported file's ids, field names, values quoted in
 * reasons) can then neither send escape sequences (move the cursor, clear the screen, set the
 * window title) nor reorder what is shown. A line break is escaped too, so it cannot forge a line
 * of a report: apply it to each line, not to output that is meant to span lines.
 */
export function terminalText(text: string): string {
  return text.replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Text of several lines (an error's message) for the terminal: each line as terminalText. */
export const terminalLines = (text: string): string =>
  text.split('\n').map(terminalText).join('\n');
