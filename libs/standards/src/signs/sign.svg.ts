import { SignLayout, PAGE } from './sign-layout';

/**
 * Text as XML character data: markup escaped, and the characters XML 1.0 forbids dropped
 * (controls, U+FFFE, U+FFFF, lone surrogates), which the text rule lets through in part and
 * which would make the whole sign unreadable.
 */
const escape = (text: string) =>
  text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|\p{Cs}/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

/** The sign as SVG (A4, in points), its QR code one path in `<g id="qr">`, linked to the entry. */
export function signSvg(layout: SignLayout, lang = 'sv'): string {
  const { width, height } = PAGE;
  const { qr } = layout;
  const quiet = 4 * qr.moduleSize;
  const path: string[] = [];
  for (let y = 0; y < qr.matrix.size; y += 1)
    for (let x = 0; x < qr.matrix.size; x += 1)
      if (qr.matrix.dark(x, y)) {
        const px = +(qr.x + quiet + x * qr.moduleSize).toFixed(3);
        const py = +(qr.y + quiet + y * qr.moduleSize).toFixed(3);
        const s = +qr.moduleSize.toFixed(3);
        path.push(`M${px} ${py}h${s}v${s}h-${s}z`);
      }
  const side = qr.matrix.size * qr.moduleSize + 2 * quiet;
  const text = layout.lines
    .map(
      (l) =>
        `<text x="${l.x}" y="${l.y}" font-size="${l.size}"${l.bold ? ' font-weight="bold"' : ''} fill="${l.colour}">${escape(l.text)}</text>`,
    )
    .join('\n  ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="210mm" height="297mm" viewBox="0 0 ${width} ${height}" lang="${lang}" font-family="Helvetica, Arial, sans-serif">
  <title>${escape(layout.lines.find((l) => l.size === 14)?.text ?? 'Sensor')}</title>
  <rect width="${width}" height="${height}" fill="#ffffff"/>
  <rect width="${width}" height="${layout.header.height}" fill="${layout.header.colour}"/>
  ${text}
  <a xlink:href="${escape(qr.url)}" href="${escape(qr.url)}">
    <rect x="${qr.x}" y="${qr.y}" width="${+side.toFixed(3)}" height="${+side.toFixed(3)}" fill="#ffffff"/>
    <g id="qr" fill="#000000"><path d="${path.join('')}"/></g>
  </a>
</svg>
`;
}
