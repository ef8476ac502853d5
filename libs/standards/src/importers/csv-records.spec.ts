import fc from 'fast-check';
import { CsvRecord, csvRecords } from './csv-records';

/** The records of a text given in these chunks. */
async function read(chunks: string | string[], max?: number): Promise<CsvRecord[]> {
  async function* text() {
    yield* typeof chunks === 'string' ? [chunks] : chunks;
  }
  const out: CsvRecord[] = [];
  for await (const record of csvRecords(text(), max)) out.push(record);
  return out;
}

const HEADER = ['id', 'kind', 'title', 'summary', 'purpose'];
const FIX = 'quote the whole value and double the quotes inside it';
const NOT_CLOSED = `is not closed; end the value with a quote, or, if the quote is part of the text, ${FIX}`;

/** One RFC 4180 cell: quoted when it must be, or when `quote` asks. */
const cell = (value: string, quote = false) =>
  quote || /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

/** Cells of every kind a CSV cell may hold: quotes, commas, line breaks (CR, LF, CRLF). */
const cellValue = fc.string({
  unit: fc.constantFrom('a', 'Å', '😀', ' ', ',', '"', '\n', '\r', '\r\n', "'"),
  maxLength: 8,
});
const validRows = fc.array(
  fc.array(fc.tuple(cellValue, fc.boolean()), {
    minLength: HEADER.length,
    maxLength: HEADER.length,
  }),
  { maxLength: 12 },
);

/** The text of a header and rows, its lines ending in `lineBreak`. */
const csvText = (rows: string[][], lineBreak: string, lastBreak: boolean) =>
  [HEADER.join(','), ...rows.map((r) => r.join(','))].join(lineBreak) +
  (lastBreak ? lineBreak : '');

describe('csvRecords', () => {
  it('counts the cells of a row far wider than the header without keeping them, and refuses a header of over 1,000 columns', async () => {
    const wide = await read(`a,b\n${','.repeat(1_000_000)}\n1,2\n`);
    expect(wide).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, problem: 'it has 1,000,001 cells where the header has 2' },
      { line: 3, cells: ['1', '2'] },
    ]);
    const header = await read(`${Array.from({ length: 1001 }, (_, i) => `c${i}`).join(',')}\n`);
    expect(header).toEqual([{ line: 1, problem: 'the header has 1,001 columns, more than 1,000' }]);
    const widest = Array.from({ length: 1000 }, (_, i) => `c${i}`).join(',');
    expect(
      (await read(`${widest}\n${widest}\n`)).map((r) => 'cells' in r && r.cells.length),
    ).toEqual([1000, 1000]);
  });

  it('names every line a failed record took, so that no valid row between two broken ones goes unsaid', async () => {
    const records = await read('a,b\n1,2\n"x,4\n5,6\n7,"8\n9,10\n');
    expect(records[0]).toEqual({ line: 1, cells: ['a', 'b'] });
    expect(records[1]).toEqual({ line: 2, cells: ['1', '2'] });
    expect(records[2]).toMatchObject({ line: 3 });
    expect((records[2] as { problem: string }).problem).toContain(
      '(lines 3 to 5, read as one record: none of them was imported)',
    );
    expect(records.slice(3)).toEqual([{ line: 6, cells: ['9', '10'] }]);
  });

  it('reads each record with the line it begins on, a line break inside a quoted value kept as written', async () => {
    expect(
      await read(
        'id,kind,title\r\n1,ALGORITHM,"a\r\nb, ""c"""\r\n\r\n2,"ALGORITHM",\r\n3,ALGORITHM,"x\ny"',
      ),
    ).toEqual([
      { line: 1, cells: ['id', 'kind', 'title'] },
      { line: 2, cells: ['1', 'ALGORITHM', 'a\r\nb, "c"'] },
      // An empty line is no record.
      { line: 5, cells: ['2', 'ALGORITHM', ''] },
      { line: 6, cells: ['3', 'ALGORITHM', 'x\ny'] },
    ]);
  });

  it('ends lines at LF, CRLF or a CR alone (old Mac files), however they mix', async () => {
    expect(await read('\uFEFFa,b\nc,d\r\ne,"f\rg"\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
      { line: 3, cells: ['e', 'f\rg'] },
    ]);
    expect(await read('a,b\rc,d\re,"f\ng"\r')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
      { line: 3, cells: ['e', 'f\ng'] },
    ]);
    // The first line break split between chunks, and a BOM in a chunk of its own.
    expect(await read(['\uFEFF', 'a,b\r', '\nc,d\r\n'])).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
    ]);
    expect(await read(['a,b\r', 'c,d'])).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
    ]);
    // A first line ending in a CR alone and CRLF after it (csv-parse read each later line with
    // its LF in front), and a CRLF split between chunks after the first line.
    const rows = [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['c', 'd'] },
      { line: 3, cells: ['e', 'f'] },
    ];
    expect(await read('a,b\rc,d\r\ne,f\r\n')).toEqual(rows);
    expect(await read(['a,b\n', 'c,d\r', '\ne,f'])).toEqual(rows);
    expect(await read(['a,b\r', '\r', 'c,d\r', '\r\n', 'e,f'])).toEqual([
      rows[0],
      { line: 3, cells: ['c', 'd'] },
      { line: 5, cells: ['e', 'f'] },
    ]);
  });

  it('fails a quoted value longer than a record may be as one record, its lines read as its text and not as rows', async () => {
    const tooLong = (lines: string) =>
      `the quoted value of column "text" is longer than a record may be (25 characters) (lines 2 to ${lines}, read as one record: none of them was imported)`;
    expect(
      await read('id,text\n1,"long line one\nline two\nline ""three"" 4,x\n5,y"\n2,ok\n', 25),
    ).toEqual([
      { line: 1, cells: ['id', 'text'] },
      { line: 2, problem: tooLong('5') },
      { line: 6, cells: ['2', 'ok'] },
    ]);
    // A line of the value longer than a record: its quotes are counted, not kept.
    expect(await read(`id,text\n1,"a\nb\n${'x'.repeat(30)}""\nc"\n2,ok\n`, 25)).toEqual([
      { line: 1, cells: ['id', 'text'] },
      { line: 2, problem: tooLong('5') },
      { line: 6, cells: ['2', 'ok'] },
    ]);
  });

  it('fails a stray quote in an unquoted value once, on its line, and reads the rows after it', async () => {
    expect(await read('id,kind,title\n1,A,x\n2,A,a"b"c\n3,A,y\n')).toEqual([
      { line: 1, cells: ['id', 'kind', 'title'] },
      { line: 2, cells: ['1', 'A', 'x'] },
      {
        line: 3,
        problem: `a quote inside the unquoted value of column "title"; ${FIX}`,
      },
      { line: 4, cells: ['3', 'A', 'y'] },
    ]);
  });

  it('fails text after a closing quote once, and reads the rows after it', async () => {
    expect(await read('id,kind,title\n2,A,"x"y\n3,A,"p\nq"\n4,A,z\n')).toEqual([
      { line: 1, cells: ['id', 'kind', 'title'] },
      {
        line: 2,
        problem: `the quoted value of column "title" goes on after its closing quote; ${FIX}`,
      },
      { line: 3, cells: ['3', 'A', 'p\nq'] },
      { line: 5, cells: ['4', 'A', 'z'] },
    ]);
  });

  it('fails a quote never closed once, on the line it opens, whether the file ends or a later quote pairs with it', async () => {
    const notClosed = {
      line: 2,
      problem: `the quote that opens the value of column "title" ${NOT_CLOSED}`,
    };
    expect(await read('id,kind,title\n2,A,"b\n')).toEqual([
      { line: 1, cells: ['id', 'kind', 'title'] },
      notClosed,
    ]);
    expect(await read('id,kind,title\n2,A,"b\n3,A,c\n4,A,d')).toEqual([
      { line: 1, cells: ['id', 'kind', 'title'] },
      notClosed,
      { line: 3, cells: ['3', 'A', 'c'] },
      { line: 4, cells: ['4', 'A', 'd'] },
    ]);
    // Read on from the quote, the value would end at the quote that opens row 5's title.
    expect(await read('id,kind,title\n2,A,"b\n3,A,c\n4,A,d\n5,A,"e\nf"\n6,A,"g, h"')).toEqual([
      { line: 1, cells: ['id', 'kind', 'title'] },
      notClosed,
      { line: 3, cells: ['3', 'A', 'c'] },
      { line: 4, cells: ['4', 'A', 'd'] },
      { line: 5, cells: ['5', 'A', 'e\nf'] },
      { line: 7, cells: ['6', 'A', 'g, h'] },
    ]);
    // … or so that the row it began has a cell too many: the quote is still the mistake.
    expect(await read('id,kind,title\n2,A,"b\n3,A,",c\nd"\n4,A,x\n')).toEqual([
      { line: 1, cells: ['id', 'kind', 'title'] },
      notClosed,
      { line: 3, cells: ['3', 'A', ',c\nd'] },
      { line: 5, cells: ['4', 'A', 'x'] },
    ]);
  });

  it('fails a value across lines with a fault in it once, naming both lines, and reads on after it', async () => {
    // Quotes inside a quoted text, not doubled: its second line does not read as a row.
    expect(await read('id,kind,title\n1,A,"one\ntwo "quoted" three"\n2,A,x\n')).toEqual([
      { line: 1, cells: ['id', 'kind', 'title'] },
      {
        line: 2,
        problem: `the quoted value of column "title" goes on after its closing quote on line 3; ${FIX} (lines 2 to 3, read as one record: none of them was imported)`,
      },
      { line: 4, cells: ['2', 'A', 'x'] },
    ]);
    // A value across lines, then a fault in a later cell on its last line.
    expect(await read('id,kind,title,summary\n1,A,"one\ntwo",a"b\n2,A,x,y\n')).toEqual([
      { line: 1, cells: ['id', 'kind', 'title', 'summary'] },
      {
        line: 2,
        problem: `a quote inside the unquoted value of column "summary" on line 3; ${FIX} (lines 2 to 3, read as one record: none of them was imported)`,
      },
      { line: 4, cells: ['2', 'A', 'x', 'y'] },
    ]);
    // A value across lines in a row a cell short: one failure, not one for each of its lines.
    expect(await read('id,kind,title\n1,"one\ntwo\nthree"\n2,A,x\n')).toEqual([
      { line: 1, cells: ['id', 'kind', 'title'] },
      {
        line: 2,
        problem:
          'it has 2 cells where the header has 3 (lines 2 to 4, read as one record: none of them was imported)',
      },
      { line: 5, cells: ['2', 'A', 'x'] },
    ]);
  });

  it('names a column by its place where the header has none', async () => {
    expect(await read('a,b\n1,2,x"y\n"p"q,r\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, problem: `a quote inside the unquoted value of column 3; ${FIX}` },
      {
        line: 3,
        problem: `the quoted value of column "a" goes on after its closing quote; ${FIX}`,
      },
    ]);
  });

  it('holds no record longer than its limit: a longer line fails alone, a quoted value running past it is not closed', async () => {
    const long = 'x'.repeat(60);
    expect(await read(`a,b\n1,${long}${long}\n2,"${long}\n${long}\n3,c\n`, 100)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, problem: 'the line is longer than 100 characters' },
      // Not closed by the end of its first line that fits: it may also be a value that long.
      {
        line: 3,
        problem: `the quote that opens the value of column "b" ${NOT_CLOSED.replace('closed', 'closed within 100 characters, the most a record may hold')}`,
      },
      { line: 4, problem: 'it has 1 cell where the header has 2' },
      { line: 5, cells: ['3', 'c'] },
    ]);
  });

  it('reads back exactly the rows written, however the text comes in chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        validRows,
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (rows, lineBreak, lastBreak, cuts) => {
          const text = csvText(
            rows.map((r) => r.map(([value, quote]) => cell(value, quote))),
            lineBreak,
            lastBreak,
          );
          const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...at].map((from, i) => text.slice(from, [...at, text.length][i]));
          const out = await read(chunks);
          expect(out.map((r) => ('cells' in r ? r.cells : r.problem))).toEqual([
            HEADER,
            ...rows.map((r) => r.map(([value]) => value)),
          ]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fails one broken row among valid ones once, on its line, and reads every other row', async () => {
    await fc.assert(
      fc.asyncProperty(
        validRows,
        fc.nat(),
        fc.constantFrom(
          'b,A,a"b,s,p', // a quote inside an unquoted value
          'b,A,"x"y,s,p', // text after the closing quote
          'b,A,t,s,"open', // a quote never closed
          'b,"open,t,s,p',
          'b,A', // cells too few
        ),
        fc.constantFrom('\n', '\r\n'),
        async (rows, place, broken, lineBreak) => {
          const at = place % (rows.length + 1);
          // A quote never closed pairs with the next quote of the file, the one that opens a later
          // quoted value. Were that value to begin with a comma, quote or line break, the two
          // could read as valid CSV, which no reader can tell from what was meant.
          const written = rows.map((r, i) =>
            r.map(([value, quote]) =>
              cell(
                broken.includes('open') && i >= at ? value.replace(/^[,"\r\n]/, 'a$&') : value,
                quote,
              ),
            ),
          );
          const text = csvText(
            [...written.slice(0, at), [broken], ...written.slice(at)],
            lineBreak,
            true,
          );
          const line = csvText(written.slice(0, at), lineBreak, true).split(/\r\n|\r|\n/).length;
          const out = await read(text);
          const values = (r: [string, boolean][]) => r.map(([value]) => value);
          const expected = rows.map((r, i) =>
            broken.includes('open') && i >= at
              ? r.map(([value]) => value.replace(/^[,"\r\n]/, 'a$&'))
              : values(r),
          );
          expect(out.map((r) => ('cells' in r ? r.cells : r.line))).toEqual([
            HEADER,
            ...expected.slice(0, at),
            line,
            ...expected.slice(at),
          ]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
