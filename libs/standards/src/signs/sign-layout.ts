import { qrMatrix, QrMatrix } from './qr-matrix';
import { DTPR_ATTRIBUTION, SignContent } from './sign-content';

/** A4 portrait in points: the sign is printed, and SVG and PDF share this layout. */
export const PAGE = { width: 595, height: 842, margin: 36 };

/** What a line is part of, for a tagged PDF's structure: a heading or a paragraph. */
export type LineRole = 'H1' | 'H2' | 'P';

export interface TextLine {
  x: number;
  /** Baseline. */
  y: number;
  text: string;
  size: number;
  bold: boolean;
  colour: string;
  /**
   * The block the line is part of (a wrapped text's lines share one), numbered in reading order,
   * which is not the order lines are placed in (the QR block is placed before the categories).
   */
  block: number;
  role: LineRole;
  /** The block's language, where it is not the sign's own (Swedish). */
  lang?: 'en';
}

export interface SignLayout {
  header: { height: number; colour: string };
  lines: TextLine[];
  qr: { x: number; y: number; moduleSize: number; matrix: QrMatrix; url: string; block: number };
}

const NAVY = '#12355b';
const INK = '#111111';

/** Words into lines of at most `max` characters (approximate widths: Helvetica at ~0.52 em). */
function wrap(text: string, size: number, width: number, maxLines: number): string[] {
  const max = Math.max(10, Math.floor(width / (size * 0.52)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const pieces = word.length > max ? word.match(new RegExp(`.{1,${max}}`, 'g'))! : [word];
    for (const piece of pieces) {
      if (!line) line = piece;
      else if (`${line} ${piece}`.length <= max) line = `${line} ${piece}`;
      else {
        lines.push(line);
        line = piece;
      }
    }
  }
  if (line) lines.push(line);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = `${kept[maxLines - 1].slice(0, max - 1)}…`;
    return kept;
  }
  return lines;
}

/**
 * A row's text and its withheld notice wrapped together in `maxLines` lines: the text's first
 * words, as many as leave the notice whole, then `… ·` and the notice; undefined when not even
 * one word fits.
 */
function textBeforeNotice(
  text: string,
  notice: string,
  width: number,
  maxLines: number,
): string[] | undefined {
  const words = text.split(/\s+/).filter(Boolean);
  const joined = (n: number) =>
    wrap(
      `${words.slice(0, n).join(' ')}${n < words.length ? '…' : ''} · ${notice}`,
      10,
      width,
      Infinity,
    );
  // Fewer words never take more lines: the most that fit, by bisection.
  let [fits, over] = [0, words.length + 1];
  while (over - fits > 1) {
    const n = Math.floor((fits + over) / 2);
    if (joined(n).length <= maxLines) fits = n;
    else over = n;
  }
  return fits > 0 ? joined(fits) : undefined;
}

/** Where everything on the sign goes. */
export function signLayout(content: SignContent): SignLayout {
  const { width, height, margin } = PAGE;
  const inner = width - 2 * margin;
  const lines: TextLine[] = [];
  // Reading order: the header, the categories, then the QR block and the attribution.
  let block = 0;
  let role: LineRole = 'P';
  let lang: 'en' | undefined;
  const begin = (next: LineRole, language?: 'en') => {
    block += 1;
    [role, lang] = [next, language];
  };
  const add = (x: number, y: number, text: string, size: number, bold: boolean, colour: string) =>
    lines.push({ x, y, text, size, bold, colour, block, role, ...(lang ? { lang } : {}) });

  // Header: what this is, in both languages, and the deployment's name.
  begin('H1');
  add(margin, 48, 'Här samlas data in', 24, true, '#ffffff');
  begin('P', 'en');
  add(margin, 72, 'Data is collected here', 16, false, '#ffffff');
  begin('P');
  let y = 100;
  for (const line of wrap(content.title, 14, inner, 2)) {
    add(margin, y, line, 14, true, '#ffffff');
    y += 17;
  }
  const header = block;
  const headerHeight = y + 4;

  // The bottom block: QR code and where to read more.
  const qrSize = 150;
  const bottomTop = height - margin - 24 - qrSize;
  const matrix = qrMatrix(content.url);
  const moduleSize = qrSize / (matrix.size + 8);
  // After the header and two blocks per category.
  block = header + 2 * content.rows.length + 1;
  const qr = { x: margin, y: bottomTop, moduleSize, matrix, url: content.url, block };
  const textX = margin + qrSize + 18;
  const textWidth = width - margin - textX;
  let by = bottomTop + 22;
  begin('P');
  add(textX, by, 'Läs mer, fråga eller invänd:', 12, true, NAVY);
  begin('P', 'en');
  add(textX, (by += 16), 'Read more, ask or object:', 12, false, NAVY);
  by += 6;
  begin('P');
  for (const line of wrap(content.url, 10, textWidth, 3))
    add(textX, (by += 14), line, 10, false, INK);
  by += 8;
  begin('P');
  for (const line of wrap(
    `Ansvarig / Responsible: ${content.department.sv} / ${content.department.en}`,
    9,
    textWidth,
    3,
  ))
    add(textX, (by += 12), line, 9, false, INK);
  begin('P');
  add(
    margin,
    height - margin + 14,
    `Kategorier / Categories: ${DTPR_ATTRIBUTION}`,
    7,
    false,
    '#555555',
  );

  // The DTPR categories, as much of each as fits.
  y = headerHeight + 30;
  const perRow = (bottomTop - 16 - y) / content.rows.length;
  const textLines = Math.max(1, Math.floor((perRow - 16) / 12.5));
  block = header;
  for (const row of content.rows) {
    begin('H2');
    add(margin, y, `${row.nameSv} · ${row.name}`, 11, true, NAVY);
    begin('P');
    let ty = y + 2;
    // The withheld notice is never cut: the row's text gets the lines it leaves.
    const notice = row.withheld ? wrap(row.withheld, 10, inner, textLines) : [];
    const room = textLines - notice.length;
    const text = row.text && room > 0 ? wrap(row.text, 10, inner, room) : [];
    // No line left for the text: as much of its beginning as fits goes before the notice, on
    // the notice's lines, so that the row does not read as if the notice were all there is.
    const shown =
      row.text && row.withheld && room <= 0
        ? (textBeforeNotice(row.text, row.withheld, inner, textLines) ?? notice)
        : notice;
    for (const line of [...text, ...shown]) add(margin, (ty += 12.5), line, 10, false, INK);
    y += perRow;
  }
  return { header: { height: headerHeight, colour: NAVY }, lines, qr };
}
