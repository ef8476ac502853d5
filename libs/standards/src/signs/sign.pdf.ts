import PDFDocument from 'pdfkit';
import { PAGE, SignLayout, TextLine } from './sign-layout';

/**
 * The sign as a one-page A4 PDF (Helvetica), the QR code linked to the entry's page. `createdAt`
 * is the PDF's creation date: pdfkit would put "now" there and derive the file's ID from it, so
 * the same sign would be new bytes (a new ETag) on every request.
 *
 * Tagged, for screen readers: a structure tree of headings and paragraphs in reading order (the
 * layout's blocks; English ones marked `en`), the QR code a figure with its address as
 * alternative text inside a link element with the link annotation, the header's background an
 * artifact; the viewer's title bar shows the document's title.
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
    tagged: true,
    // A viewer's title bar names the sign, not its file (PDF/UA).
    displayTitle: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // One structure element per block, added to the document in reading order; each line's
  // marked content then joins its block wherever on the page it is drawn.
  const { qr } = layout;
  const root = doc.struct('Document');
  doc.addStructure(root);
  const blocks = new Map<number, PDFKit.PDFStructureElement>();
  const firstLines = new Map<number, TextLine>();
  for (const line of layout.lines)
    if (!firstLines.has(line.block)) firstLines.set(line.block, line);
  // The QR code is a link to the entry's page: a Link element holding the figure and the link
  // annotation, so a screen reader announces one link and can follow it (PDF/UA).
  const qrFigure = doc.struct('Figure', { alt: `QR-kod / QR code: ${qr.url}` });
  const qrLink = doc.struct('Link');
  qrLink.add(qrFigure);
  for (const number of [...firstLines.keys(), qr.block].sort((a, b) => a - b)) {
    const line = firstLines.get(number);
    const element = line ? doc.struct(line.role, line.lang ? { lang: line.lang } : {}) : qrLink;
    blocks.set(number, element);
    root.add(element);
  }
  doc.markContent('Artifact', { type: 'Layout' });
  doc.rect(0, 0, PAGE.width, layout.header.height).fill(layout.header.colour);
  doc.endMarkedContent();
  for (const line of layout.lines) {
    blocks.get(line.block)!.add(doc.markStructureContent(line.role));
    doc
      .font(line.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(line.size)
      .fillColor(line.colour)
      // pdfkit places text by its top; the layout gives baselines.
      .text(line.text, line.x, line.y - line.size * 0.8, { lineBreak: false });
    doc.endMarkedContent();
  }
  const quiet = 4 * qr.moduleSize;
  const side = qr.matrix.size * qr.moduleSize + 2 * quiet;
  qrFigure.add(doc.markStructureContent('Figure'));
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
  doc.endMarkedContent();
  // In the structure, with a description of its own (PDF/UA asks both of every link). pdfkit
  // writes a String object as a PDF text string (a plain string would be a name); @types/pdfkit
  // knows neither that nor `structParent`.
  const linkOptions = {
    structParent: qrLink,
    Contents: new String(`Postens sida / The entry's page: ${qr.url}`),
  } as unknown as PDFKit.Mixins.AnnotationOption;
  doc.link(qr.x, qr.y, side, side, qr.url, linkOptions);
  qrFigure.end();
  for (const element of blocks.values()) element.end();
  root.end();
  doc.end();
  return done;
}
