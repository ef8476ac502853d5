import QRCode from 'qrcode';

/** A QR code's modules: `dark(x, y)` for each of `size` × `size` cells (quiet zone not included). */
export interface QrMatrix {
  size: number;
  dark(x: number, y: number): boolean;
}

/** The QR code of a URL (error correction M: a sign may get dirty), drawn by SVG and PDF alike. */
export function qrMatrix(url: string): QrMatrix {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (x, y) => modules.get(y, x) === 1 };
}
