import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import jsQR from 'jsqr';
import { DataSource } from 'typeorm';
import { EntriesRepository, EntryKind } from '@insyn/registry';
import { ANONYMOUS } from '@insyn/access';
import { DTPR_ATTRIBUTION, DTPR_DEVICE_CATEGORIES } from '@insyn/standards';
import { createTestTokens } from '@insyn/testing';
import { EntrySetup } from './entry-setup';
import { RegistryApiHarness } from './registry-api.harness';

/** Decodes the QR code in an RGBA bitmap. */
function decode(rgba: Uint8ClampedArray, width: number, height: number): string | undefined {
  return jsQR(rgba, width, height)?.data;
}

/** A PDF's streams that pdfkit compressed (the pages' content among them), as text. */
function contentStreams(pdf: Buffer): string[] {
  const streams: string[] = [];
  for (const match of pdf.toString('latin1').matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    try {
      streams.push(inflateSync(Buffer.from(match[1], 'latin1')).toString('latin1'));
    } catch {
      // Not compressed: no page content.
    }
  }
  return streams;
}

/**
 * The QR code a PDF draws, read back from its content streams: the modules are the squares
 * (`x y w h re`) of the most common small size, put on a grid and painted into a bitmap.
 */
function qrFromPdf(pdf: Buffer): string | undefined {
  const squares: [number, number, number][] = [];
  for (const content of contentStreams(pdf)) {
    for (const m of content.matchAll(/(-?[\d.]+) (-?[\d.]+) ([\d.]+) ([\d.]+) re/g)) {
      const [x, y, w, h] = m.slice(1, 5).map(Number);
      if (Math.abs(w - h) < 1e-6 && w < 10) squares.push([x, y, w]);
    }
  }
  if (!squares.length) return undefined;
  const size = squares[0][2];
  const x0 = Math.min(...squares.map((s) => s[0]));
  const y0 = Math.min(...squares.map((s) => s[1]));
  const cells = squares.map(([x, y]) => [Math.round((x - x0) / size), Math.round((y - y0) / size)]);
  const n = Math.max(...cells.flat()) + 1;
  const scale = 6;
  const side = (n + 8) * scale;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const [cx, cy] of cells)
    for (let dy = 0; dy < scale; dy += 1)
      for (let dx = 0; dx < scale; dx += 1) {
        const i = (((cy + 4) * scale + dy) * side + (cx + 4) * scale + dx) * 4;
        rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
      }
  return decode(rgba, side, side);
}

describe('signs for sensors (/signs)', () => {
  let api: RegistryApiHarness;
  let setup: EntrySetup;
  let slug: string;
  let url: string;

  beforeAll(async () => {
    api = await RegistryApiHarness.start('signs', { INSYN_PUBLIC_URL: 'https://insyn.example.se' });
    setup = new EntrySetup(api.app, await createTestTokens(api.app.get(DataSource)));
    const id = await setup.published(EntryKind.IOT_DEPLOYMENT, 'Gångtrafikräknare Götgatan', 'A', {
      withheld: [
        { field: 'iotDeployment.dataAccess', legalGround: 'OSL 18:8', until: '2099-12-31' },
      ],
    });
    slug = (await api.app.get(EntriesRepository).findOne(ANONYMOUS, { id }))!.entry.slug;
    url = `https://insyn.example.se/entries/${slug}`;
  }, 60_000);

  afterAll(async () => {
    await api?.stop();
  });

  it('SVG: what is collected, by whom and why, in DTPR categories, Swedish and English; its QR code decodes to the entry', async () => {
    const res = await fetch(`${api.baseUrl}/signs/${slug}.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await res.text();
    for (const text of [
      'Här samlas data in',
      'Data is collected here',
      'Gångtrafikräknare Götgatan',
      'Syfte · Purpose',
      'Vad samlas in · Data Type',
      'Ansvarig · Accountable',
      'Number of pedestrians per minute',
      'To decide on financial assistance fairly and quickly.',
      'Förvaltning A / Department A',
      'Undanhållet / Withheld: OSL 18:8 (t.o.m. / until 2099-12-31)',
      DTPR_ATTRIBUTION,
    ])
      expect(svg).toContain(text.replace(/&/g, '&amp;'));
    expect(svg).not.toContain('Traffic department analysts');
    expect(DTPR_DEVICE_CATEGORIES.get('device__data')?.name).toBe('Data Type');

    const rendered = new Resvg(svg, {
      fitTo: { mode: 'width', value: 1240 },
      font: { loadSystemFonts: false },
    }).render();
    const rgba = new Uint8ClampedArray(rendered.pixels);
    expect(decode(rgba, rendered.width, rendered.height)).toBe(url);
  });

  it('PDF: one A4 page, its QR code decodes to the entry and links to it', async () => {
    const res = await fetch(`${api.baseUrl}/signs/${slug}.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await res.arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain(`/URI (${url})`);
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595 842\]/);
    expect(qrFromPdf(pdf)).toBe(url);
  });

  it('PDF: tagged for screen readers, every text inside the structure, the QR code a figure', async () => {
    const pdf = Buffer.from(await (await fetch(`${api.baseUrl}/signs/${slug}.pdf`)).arrayBuffer());
    const text = pdf.toString('latin1');
    expect(text).toMatch(/\/Marked true/);
    expect(text).toMatch(/\/StructTreeRoot \d+ 0 R/);
    expect(text).toMatch(/\/Lang \(sv\)/);
    // English blocks are marked as English.
    expect(text).toMatch(/\/Lang \(en\)/);
    const types = new Set([...text.matchAll(/\/S \/(\w+)/g)].map((m) => m[1]));
    expect([...types].filter((t) => t !== 'URI').sort()).toEqual([
      'Document',
      'Figure',
      'H1',
      'H2',
      'Link',
      'P',
    ]);
    expect(text).toContain(`/Alt (QR-kod / QR code: ${url})`);
    // The link annotation is in the structure (a Link element refers to it, and it to its
    // place in the parent tree), with a description of its own.
    expect(text).toMatch(/\/Type \/OBJR/);
    expect(text).toMatch(/\/Subtype \/Link[^]*?\/StructParent \d+/);
    expect(text).toContain(`/Contents (Postens sida / The entry's page: ${url})`);
    // A viewer's title bar shows the sign's title, not the file's name.
    expect(text).toMatch(/\/DisplayDocTitle true/);
    // Every text shown (Tj, TJ) is inside marked content: no line a screen reader would skip.
    let shown = 0;
    for (const content of contentStreams(pdf)) {
      let depth = 0;
      for (const line of content.split('\n')) {
        if (/\b(BDC|BMC)$/.test(line)) depth += 1;
        else if (line === 'EMC') depth -= 1;
        else if (/\bT[jJ]$/.test(line)) {
          shown += 1;
          expect({ line, marked: depth > 0 }).toEqual({ line, marked: true });
        }
      }
    }
    expect(shown).toBeGreaterThan(10);
  });

  it('is cacheable, and only for published IoT deployments', async () => {
    const first = await fetch(`${api.baseUrl}/signs/${slug}.svg`);
    await first.text();
    const again = await fetch(`${api.baseUrl}/signs/${slug}.svg`, {
      headers: { 'If-None-Match': first.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    // The PDF too: the same sign is the same bytes (pdfkit would date it, and derive its ID, from now).
    const firstPdf = await fetch(`${api.baseUrl}/signs/${slug}.pdf`);
    const firstBytes = Buffer.from(await firstPdf.arrayBuffer());
    const secondPdf = await fetch(`${api.baseUrl}/signs/${slug}.pdf`);
    expect(Buffer.from(await secondPdf.arrayBuffer()).equals(firstBytes)).toBe(true);
    expect(secondPdf.headers.get('etag')).toBe(firstPdf.headers.get('etag'));
    const pdfAgain = await fetch(`${api.baseUrl}/signs/${slug}.pdf`, {
      headers: { 'If-None-Match': firstPdf.headers.get('etag')! },
    });
    expect(pdfAgain.status).toBe(304);
    // Only the ETag revalidates: a publication date would go stale when a withholding ends.
    expect(firstPdf.headers.get('last-modified')).toBeNull();
    const bySince = await fetch(`${api.baseUrl}/signs/${slug}.svg`, {
      headers: { 'If-Modified-Since': new Date().toUTCString() },
    });
    expect(bySince.status).toBe(200);
    await bySince.text();

    const draftId = await setup.draft(EntryKind.IOT_DEPLOYMENT, 'Utkast till räknare');
    const algorithmId = await setup.published(EntryKind.ALGORITHM, 'En algoritm');
    const retiredId = await setup.published(EntryKind.IOT_DEPLOYMENT, 'Nedmonterad räknare');
    await setup.retire(retiredId);
    const slugOf = async (id: string) =>
      (await api.app.get(DataSource).query(`SELECT slug FROM entry WHERE id = $1`, [id]))[0].slug;
    for (const path of [
      `/signs/${await slugOf(draftId)}.svg`,
      `/signs/${await slugOf(algorithmId)}.pdf`,
      `/signs/${await slugOf(retiredId)}.svg`,
      `/signs/${slug}.png`,
      '/signs/no-such-sensor.svg',
    ])
      expect({ path, status: (await fetch(`${api.baseUrl}${path}`)).status }).toEqual({
        path,
        status: 404,
      });
  });
});
