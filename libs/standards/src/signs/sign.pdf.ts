import PDFDocument from 'pdfkit';
import { PAGE, SignLayout } from './sign-layout';

/**
 * The sign as a one-page A4 PDF (Helvetica), the QR code linked to the entry's page. `createdAt`
 * is the PDF's creation date: pdfkit would put "now" there and derive the file's ID from it, so
 * the same sign would be new bytes (a new ETag) on every request.
 */
export function signPdf(layout: SignLayout, title: string, createdAt: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: 0,
    info: {
      Title: title,
      Subject: 'Sensor sign',
      Creator: 'Insyn',
      CreationDate: createdAt,
      ModDate: createdAt,
    },
    lang: 'sv',
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.rect(0, 0, PAGE.width, layout.header.height).fill(layout.header.colour);
  for (const line of layout.lines) {
    doc
      .font(line.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(line.size)
      .fillColor(line.colour)
      // pdfkit places text by its top; the layout gives baselines.
      .text(line.text, line.x, line.y - line.size * 0.8, { lineBreak: false });
  }
  const { qr } = layout;
  const quiet = 4 * qr.moduleSize;
  const side = qr.matrix.size * qr.moduleSize + 2 * quiet;
  doc.rect(qr.x, qr.y, side, side).fill('#ffffff');
  doc.save();
  for (let y = 0; y < qr.matrix.size; y += 1)
    for (let x = 0; x < qr.matrix.size; x += 1)
      if (qr.matrix.dark(x, y))
        doc.rect(
          qr.x + quiet + x * qr.moduleSize,
          qr.y + quiet + y * qr.moduleSize,
          qr.moduleSize,
          qr.moduleSize,
        );
  doc.fill('#000000');
  doc.restore();
  doc.link(qr.x, qr.y, side, side, qr.url);
  doc.end();
  return done;
}
