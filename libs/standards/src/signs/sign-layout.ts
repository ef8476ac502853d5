import { qrMatrix, QrMatrix } from './qr-matrix';
import { DTPR_ATTRIBUTION, SignContent } from './sign-content';

/** A4 portrait in points: the sign is printed, and SVG and PDF share this layout. */
export const PAGE = { width: 595, height: 842, margin: 36 };

export interface TextLine {
  x: number;
  /** Baseline. */
  y: number;
  text: string;
  size: number;
  bold: boolean;
  colour: string;
}

export interface SignLayout {
  header: { height: number; colour: string };
  lines: TextLine[];
  qr: { x: number; y: number; moduleSize: number; matrix: QrMatrix; url: string };
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

/** Where everything on the sign goes. */
export function signLayout(content: SignContent): SignLayout {
  const { width, height, margin } = PAGE;
  const inner = width - 2 * margin;
  const lines: TextLine[] = [];
  const add = (x: number, y: number, text: string, size: number, bold: boolean, colour: string) =>
    lines.push({ x, y, text, size, bold, colour });

  // Header: what this is, in both languages, and the deployment's name.
  add(margin, 48, 'Här samlas data in', 24, true, '#ffffff');
  add(margin, 72, 'Data is collected here', 16, false, '#ffffff');
  let y = 100;
  for (const line of wrap(content.title, 14, inner, 2)) {
    add(margin, y, line, 14, true, '#ffffff');
    y += 17;
  }
  const headerHeight = y + 4;

  // The bottom block: QR code and where to read more.
  const qrSize = 150;
  const bottomTop = height - margin - 24 - qrSize;
  const matrix = qrMatrix(content.url);
  const moduleSize = qrSize / (matrix.size + 8);
  const qr = { x: margin, y: bottomTop, moduleSize, matrix, url: content.url };
  const textX = margin + qrSize + 18;
  const textWidth = width - margin - textX;
  let by = bottomTop + 22;
  add(textX, by, 'Läs mer, fråga eller invänd:', 12, true, NAVY);
  add(textX, (by += 16), 'Read more, ask or object:', 12, false, NAVY);
  by += 6;
  for (const line of wrap(content.url, 10, textWidth, 3))
    add(textX, (by += 14), line, 10, false, INK);
  by += 8;
  for (const line of wrap(
    `Ansvarig / Responsible: ${content.department.sv} / ${content.department.en}`,
    9,
    textWidth,
    3,
  ))
    add(textX, (by += 12), line, 9, false, INK);
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
  for (const row of content.rows) {
    add(margin, y, `${row.nameSv} · ${row.name}`, 11, true, NAVY);
    let ty = y + 2;
    for (const line of wrap(row.text, 10, inner, textLines))
      add(margin, (ty += 12.5), line, 10, false, INK);
    y += perRow;
  }
  return { header: { height: headerHeight, colour: NAVY }, lines, qr };
}
