/**
 * A scan of a JSON text for what JSON.parse does not say: a key named twice in one object (it
 * keeps the last and says nothing; other readers keep the first, so the record is not what the
 * file seems to say), and where a text is not JSON (its message gives no place for some errors,
 * and quotes the file for others). It checks RFC 8259's grammar, building nothing; JSON.parse
 * still makes the value. A loop with a stack, not recursion: a file of deep lists cannot blow
 * the call stack.
 */

/** A place in the text: line and column from 1 (columns in UTF-16 code units, as V8 counts). */
export interface JsonPlace {
  line: number;
  column: number;
}

/** A key an object names again. */
export interface DuplicateKey {
  /** Keys and list indexes (from 0) from the top of the document to the object (the first 1,000). */
  path: (string | number)[];
  key: string;
  at: JsonPlace;
  first: JsonPlace;
}

export interface JsonScan {
  /** The first place the text breaks JSON's grammar, and what is wrong there; none if it is JSON. */
  syntaxError?: { what: string; at: JsonPlace };
  /**
   * Every key named twice in one object, in the order of the file (up to the syntax error), up
   * to MAX_DUPLICATE_KEYS of them.
   */
  duplicates: DuplicateKey[];
  /** More keys are named twice than `duplicates` holds. */
  moreDuplicates?: true;
}

/**
 * Bounds on what a scan keeps: each duplicate holds its path, so a small file of deep lists
 * around many repeated keys had taken gigabytes (a 160 kB one ran Node out of memory). A path
 * keeps its first MAX_PATH_KEYS keys (no record of a standard nests anywhere near so deep).
 */
export const MAX_DUPLICATE_KEYS = 1_000;
const MAX_PATH_KEYS = 1_000;

interface ObjectFrame {
  kind: 'object';
  keys: Map<string, JsonPlace>;
  /** The key whose value is being read. */
  key: string;
}
interface ArrayFrame {
  kind: 'array';
  index: number;
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4 = /[0-9a-fA-F]{4}/y;

class Broken extends Error {
  constructor(
    readonly what: string,
    readonly offset: number,
  ) {
    super(what);
  }
}

/** A character named without quoting the file: a visible ASCII one in quotes, else its code. */
function named(text: string, offset: number): string {
  if (offset >= text.length) return 'the end of the file';
  const code = text.codePointAt(offset) ?? 0;
  return code > 0x20 && code < 0x7f
    ? `"${String.fromCharCode(code)}"`
    : `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function scanJson(text: string): JsonScan {
  const duplicates: DuplicateKey[] = [];
  let moreDuplicates = false;
  const stack: (ObjectFrame | ArrayFrame)[] = [];

  const n = text.length;
  let i = 0;
  // Newlines stand only in white space (a string cannot hold one raw), so they are counted there.
  let line = 1;
  let lineStart = 0;
  const place = (offset: number): JsonPlace => ({ line, column: offset - lineStart + 1 });

  const space = () => {
    for (; i < n; i += 1) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) {
        line += 1;
        lineStart = i + 1;
      } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return;
    }
  };
  /** Reads the string at `i` (a `"` there), leaving `i` after it; its raw text with quotes. */
  const string = (): string => {
    const start = i;
    i += 1;
    for (;;) {
      if (i >= n) throw new Broken('a string that is not closed', start);
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i += 1;
        return text.slice(start, i);
      }
      if (c < 0x20) throw new Broken(`${named(text, i)} inside a string (escape it)`, i);
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          HEX4.lastIndex = i + 2;
          if (!HEX4.test(text)) throw new Broken('a \\u escape without four hex digits', i);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else throw new Broken('an escape that JSON does not have (after "\\")', i);
      } else i += 1;
    }
  };
  /** Reads a number, true, false or null at `i`. */
  const scalar = () => {
    for (const word of ['true', 'false', 'null'])
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text) && NUMBER.lastIndex > i) {
      i = NUMBER.lastIndex;
      return;
    }
    throw new Broken(`${named(text, i)} where a value should be`, i);
  };
  /** After `{` or `,` in an object: a key, its colon; the value is read next. */
  const key = (frame: ObjectFrame) => {
    space();
    if (text[i] !== '"')
      throw new Broken(`${named(text, i)} where a key in double quotes should be`, i);
    const at = place(i);
    const raw = string();
    const name = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
    const first = frame.keys.get(name);
    if (first && duplicates.length >= MAX_DUPLICATE_KEYS) moreDuplicates = true;
    else if (first)
      duplicates.push({
        path: stack
          .slice(0, Math.min(stack.length - 1, MAX_PATH_KEYS))
          .map((f) => (f.kind === 'object' ? f.key : f.index)),
        key: name,
        at,
        first,
      });
    else frame.keys.set(name, at);
    frame.key = name;
    space();
    if (text[i] !== ':') throw new Broken(`${named(text, i)} where ":" should be`, i);
    i += 1;
  };

  try {
    // Reads a value, then closes every container it ends, until one needs another value.
    value: for (;;) {
      space();
      const c = text[i];
      if (c === '{') {
        i += 1;
        space();
        if (text[i] === '}') i += 1;
        else {
          const frame: ObjectFrame = { kind: 'object', keys: new Map(), key: '' };
          stack.push(frame);
          key(frame);
          continue;
        }
      } else if (c === '[') {
        i += 1;
        space();
        if (text[i] === ']') i += 1;
        else {
          stack.push({ kind: 'array', index: 0 });
          continue;
        }
      } else if (c === '"') string();
      else scalar();
      // The value is read: what follows it.
      for (;;) {
        space();
        const top = stack[stack.length - 1];
        if (!top) {
          if (i < n) throw new Broken(`${named(text, i)} after the end of the JSON value`, i);
          return { duplicates, ...(moreDuplicates ? { moreDuplicates: true as const } : {}) };
        }
        const close = top.kind === 'object' ? '}' : ']';
        if (text[i] === ',') {
          i += 1;
          if (top.kind === 'object') key(top);
          else top.index += 1;
          continue value;
        }
        if (text[i] !== close)
          throw new Broken(`${named(text, i)} where "," or "${close}" should be`, i);
        i += 1;
        stack.pop();
      }
    }
  } catch (error) {
    if (!(error instanceof Broken)) throw error;
    return {
      syntaxError: { what: error.what, at: place(error.offset) },
      duplicates,
      ...(moreDuplicates ? { moreDuplicates: true as const } : {}),
    };
  }
}
