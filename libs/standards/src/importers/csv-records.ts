/** A record of a CSV text, by the line it begins on (from 1): its cells, or what is wrong with it. */
export type CsvRecord = { line: number; cells: string[] } | { line: number; problem: string };

/**
 * Longest record read, in characters (a line alone, or a quoted value's lines together). A record
 * of the whole entries.csv row of the largest entry the API takes (its request body is at most
 * 2 MiB) is far below it. Past it a quoted value is taken as never closed, so an unclosed quote
 * never holds the rest of a file in memory.
 */
export const MAX_CSV_RECORD_CHARACTERS = 16 * 1024 * 1024;

/**
 * Most columns a header may name (the open-data CSV has about 120). A record keeps at most one
 * cell more than this and counts the rest, so a line of millions of commas is not millions of
 * strings held at once.
 */
export const MAX_CSV_COLUMNS = 1000;

/**
 * The records of a CSV text (RFC 4180: cells separated by `,`, a value quoted with `"` when it
 * holds a comma, quote or line break, a quote inside it doubled), read as its chunks come in (a
 * leading BOM taken off), each at most `max` characters long. The first record is the header:
 * each later one must have as many cells, and a problem names the column by its header.
 *
 * Every line of the text is accounted for: a record is yielded with its cells, or, when it is not
 * valid CSV, once with what is wrong, and reading goes on at the next line. csv-parse, which read
 * these files before, went on from wherever its error left it: a stray quote in a cell failed the
 * row twice, and a quote that did not close carried every row after it into the failed record.
 */
export async function* csvRecords(
  text: AsyncIterable<string>,
  max = MAX_CSV_RECORD_CHARACTERS,
): AsyncGenerator<CsvRecord> {
  const lines = physicalLines(text, max);
  const source = new LineSource(lines);
  let header: string[] | undefined;
  let first = true;
  try {
    for (;;) {
      const start = await nextRecordLine(source);
      if (!start) return;
      const read = await scan(start, source, max);
      const problem =
        first && read.count > MAX_CSV_COLUMNS
          ? `the header has ${read.count.toLocaleString('en-US')} columns, more than ${MAX_CSV_COLUMNS.toLocaleString('en-US')}`
          : problemOf(read, header, max);
      if (problem === undefined) {
        if (first) header = read.cells;
        first = false;
        yield { line: start.no, cells: read.cells };
        continue;
      }
      first = false;
      // A record that broke after a quoted value took it onto later lines: was that value's
      // quote the mistake (a quote never closed, which then paired with a later row's quote), or
      // is the record one value across lines with a fault in it? The lines after the quote's are
      // read again on their own: if they read as rows more often than not, the quote was the
      // mistake, and the failed record ends at its line.
      const last = read.lines[read.lines.length - 1].no;
      const quote = read.spanFrom;
      let failed = { problem, end: last };
      if (quote !== undefined && quote < last) {
        source.putBack(read.lines.filter((line) => line.no > quote));
        if (await source.lookAhead(() => readsAsRows(source, last, header, max))) {
          yield {
            line: start.no,
            problem:
              notClosed(read.spanColumn, header, start.no, quote) + spanning(start.no, quote),
          };
          continue;
        }
        source.dropThrough(last);
        // A value longer than a record may be, whose lines read as text: it is read on to its
        // closing quote (without keeping it), so that none of its lines is taken for a row.
        if (read.fault?.kind === 'not closed' && read.fault.tooLong)
          failed = {
            problem: `the quoted value of ${columnName(read.fault.column, header)}${read.fault.opened === start.no ? '' : ` on line ${read.fault.opened}`} is longer than a record may be (${max.toLocaleString('en-US')} characters)`,
            end: await endOfQuotedValue(source, last),
          };
      }
      // Every line the failed record took is named: none is left out of the report unsaid.
      yield { line: start.no, problem: failed.problem + spanning(start.no, failed.end) };
    }
  } finally {
    await lines.return(undefined);
  }
}

/** One line of the text: its number (from 1), its text, and the line break that ends it. */
interface Line {
  no: number;
  text: string;
  /** `\r\n`, `\n` or `\r`; '' for a last line without one. */
  end: string;
  /** Longer than a record may be (its text is not kept). */
  overlong?: true;
  /** Of an overlong line: whether it holds an odd number of quotes. */
  oddQuotes?: boolean;
}

/**
 * The lines of the text. A line ends at CRLF, LF or a CR alone (old Mac files), however they mix:
 * csv-parse took the first line's break for the whole file, so a file whose first line ended in
 * a CR alone and the rest in CRLF read each later line with its LF in front.
 */
async function* physicalLines(text: AsyncIterable<string>, max: number): AsyncGenerator<Line> {
  let pieces: string[] = [];
  let length = 0;
  let overlong = false;
  let quotes = 0;
  let no = 1;
  let carry = '';
  let bom = true;
  const add = (piece: string) => {
    if (!piece) return;
    if (overlong) return void (quotes += quotesIn(piece));
    length += piece.length;
    if (length <= max) return void pieces.push(piece);
    quotes = quotesIn(pieces.join('')) + quotesIn(piece);
    [overlong, pieces] = [true, []];
  };
  const finish = (end: string): Line => {
    const line: Line = overlong
      ? { no, text: '', end, overlong: true, oddQuotes: quotes % 2 === 1 }
      : { no, text: pieces.join(''), end };
    [no, pieces, length, overlong, quotes] = [no + 1, [], 0, false, 0];
    return line;
  };
  function* split(chunk: string): Generator<Line> {
    let from = 0;
    for (const lineBreak of chunk.matchAll(/\r\n|\r|\n/g)) {
      add(chunk.slice(from, lineBreak.index));
      yield finish(lineBreak[0]);
      from = lineBreak.index + lineBreak[0].length;
    }
    add(chunk.slice(from));
  }
  for await (let chunk of text) {
    if (bom) [chunk, bom] = [chunk.replace(/^\uFEFF/, ''), chunk === ''];
    chunk = carry + chunk;
    // A CR at the chunk's end: CRLF or a CR alone, the next chunk tells.
    [chunk, carry] = chunk.endsWith('\r') ? [chunk.slice(0, -1), '\r'] : [chunk, ''];
    yield* split(chunk);
  }
  if (carry) yield* split(carry);
  if (pieces.length || overlong) yield finish('');
}

/** The text's lines, with lines put back to be read again. */
class LineSource {
  /** Lines put back, the next one last. */
  private readonly back: Line[] = [];
  /** While looking ahead: the lines taken, to put back. */
  private taken: Line[] | undefined;

  constructor(private readonly lines: AsyncIterator<Line>) {}

  async next(): Promise<Line | undefined> {
    const line = this.back.pop() ?? (await this.read());
    if (line) this.taken?.push(line);
    return line;
  }

  async peek(): Promise<Line | undefined> {
    const line = this.back.pop() ?? (await this.read());
    if (line) this.back.push(line);
    return line;
  }

  putBack(lines: readonly Line[]): void {
    for (let i = lines.length - 1; i >= 0; i--) this.back.push(lines[i]);
  }

  /** Drops the lines put back up to line `no`. */
  dropThrough(no: number): void {
    while (this.back.length && this.back[this.back.length - 1].no <= no) this.back.pop();
  }

  /** What `look` finds reading on; every line it took is then put back. */
  async lookAhead<T>(look: () => Promise<T>): Promise<T> {
    this.taken = [];
    try {
      return await look();
    } finally {
      const taken = this.taken;
      this.taken = undefined;
      this.putBack(taken);
    }
  }

  private async read(): Promise<Line | undefined> {
    const next = await this.lines.next();
    return next.done ? undefined : next.value;
  }
}

/** The next line that begins a record: empty lines are skipped. */
async function nextRecordLine(source: LineSource): Promise<Line | undefined> {
  for (;;) {
    const line = await source.next();
    if (!line || line.text !== '' || line.overlong) return line;
  }
}

type Fault =
  | { kind: 'overlong' }
  | { kind: 'stray quote'; column: number; line: number }
  | { kind: 'after closing quote'; column: number; line: number; opened: number }
  /** `tooLong`: the file goes on, but the value would make the record longer than it may be. */
  | { kind: 'not closed'; column: number; opened: number; tooLong?: true };

/** A record as read: its lines, its cells, and the fault that ended it, if one did. */
interface Read {
  lines: Line[];
  /** Its cells, the first `MAX_CSV_COLUMNS + 1` of them. */
  cells: string[];
  /** How many cells it has. */
  count: number;
  fault?: Fault;
  /** Where the last quoted value that ran onto another line opened: its line and column. */
  spanFrom?: number;
  spanColumn: number;
}

/** Reads the record that begins on `first`, taking the next lines while a quoted value runs on. */
async function scan(first: Line, source: LineSource, max: number): Promise<Read> {
  const read: Read = { lines: [first], cells: [], count: 0, spanColumn: 0 };
  if (first.overlong) return { ...read, fault: { kind: 'overlong' } };
  const { cells } = read;
  const keep = (value: string) => {
    if (read.count++ <= MAX_CSV_COLUMNS) cells.push(value);
  };
  let line = first;
  let pos = 0;
  let size = first.text.length;
  for (;;) {
    const column = read.count;
    if (line.text[pos] !== '"') {
      const comma = line.text.indexOf(',', pos);
      const value = line.text.slice(pos, comma === -1 ? undefined : comma);
      if (value.includes('"'))
        return { ...read, fault: { kind: 'stray quote', column, line: line.no } };
      keep(value);
      if (comma === -1) return read;
      pos = comma + 1;
      continue;
    }
    const opened = line.no;
    let value = '';
    pos += 1;
    for (;;) {
      const quote = line.text.indexOf('"', pos);
      if (quote === -1) {
        value += line.text.slice(pos) + line.end;
        const next = line.end === '' ? undefined : await source.peek();
        if (!next) return { ...read, fault: { kind: 'not closed', column, opened } };
        if (next.overlong || size + next.text.length > max)
          return { ...read, fault: { kind: 'not closed', column, opened, tooLong: true } };
        await source.next();
        read.lines.push(next);
        [line, pos, size] = [next, 0, size + next.text.length];
        [read.spanFrom, read.spanColumn] = [opened, column];
        continue;
      }
      value += line.text.slice(pos, quote);
      if (line.text[quote + 1] === '"') {
        value += '"';
        pos = quote + 2;
        continue;
      }
      pos = quote + 1;
      break;
    }
    keep(value);
    if (pos === line.text.length) return read;
    if (line.text[pos] !== ',')
      return { ...read, fault: { kind: 'after closing quote', column, line: line.no, opened } };
    pos += 1;
  }
}

/**
 * Whether the lines up to `last` read as rows more often than not (a row: a record without a
 * fault, as wide as the header).
 */
async function readsAsRows(
  source: LineSource,
  last: number,
  header: string[] | undefined,
  max: number,
): Promise<boolean> {
  let rows = 0;
  let broken = 0;
  for (;;) {
    const start = await nextRecordLine(source);
    if (!start || start.no > last) break;
    const read = await scan(start, source, max);
    if (problemOf(read, header, max) === undefined) rows += 1;
    else broken += 1;
    if (read.lines[read.lines.length - 1].no >= last) break;
  }
  return rows > broken;
}

const quotesIn = (text: string): number => text.split('"').length - 1;

/**
 * Reads on through a quoted value still open at the end of line `last`, to the line its record
 * ends on (the text's last line if the quote never closes): that line's number.
 */
async function endOfQuotedValue(source: LineSource, last: number): Promise<number> {
  let open = true;
  for (let line = await source.next(); line; line = await source.next()) {
    // A doubled quote inside the value turns it twice: only the count's parity tells.
    if (line.overlong ? line.oddQuotes : quotesIn(line.text) % 2 === 1) open = !open;
    last = line.no;
    if (!open) break;
  }
  return last;
}

const FIX = 'quote the whole value and double the quotes inside it';

/** The lines a failed record took, when more than its first: read as one, none imported. */
const spanning = (first: number, last: number): string =>
  last > first ? ` (lines ${first} to ${last}, read as one record: none of them was imported)` : '';

/** What is wrong with the record, in words, or undefined. */
function problemOf(read: Read, header: string[] | undefined, max: number): string | undefined {
  const start = read.lines[0].no;
  const { fault } = read;
  const on = (line: number) => (line === start ? '' : ` on line ${line}`);
  if (!fault)
    return header && read.count !== header.length
      ? `it has ${read.count.toLocaleString('en-US')} ${read.count === 1 ? 'cell' : 'cells'} where the header has ${header.length}`
      : undefined;
  switch (fault.kind) {
    case 'overlong':
      return `the line is longer than ${max.toLocaleString('en-US')} characters`;
    case 'stray quote':
      return `a quote inside the unquoted value of ${columnName(fault.column, header)}${on(fault.line)}; ${FIX}`;
    case 'after closing quote':
      return `the quoted value of ${columnName(fault.column, header)}${on(fault.opened)} goes on after its closing quote${fault.line === fault.opened ? '' : ` on line ${fault.line}`}; ${FIX}`;
    case 'not closed':
      return notClosed(fault.column, header, start, fault.opened, fault.tooLong && max);
  }
}

function notClosed(
  column: number,
  header: string[] | undefined,
  start: number,
  opened: number,
  within?: number,
): string {
  // Within the most a record may hold, when the file went on: the value may also be that long.
  return `the quote that opens the value of ${columnName(column, header)}${opened === start ? '' : ` on line ${opened}`} is not closed${within ? ` within ${within.toLocaleString('en-US')} characters, the most a record may hold` : ''}; end the value with a quote, or, if the quote is part of the text, ${FIX}`;
}

/** A column by its header's name (`column "title"`), or by its place where there is none. */
function columnName(column: number, header: string[] | undefined): string {
  const name = header?.[column];
  if (name === undefined) return `column ${column + 1}`;
  return `column ${JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name)}`;
}
