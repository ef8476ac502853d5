import { readFileSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import dtpr from '../../data/dtpr-v1-taxonomy.json';
import { fullIotDeployment } from '../../test-fixtures/export-entries';
import { signContent } from './sign-content';
import { signLayout } from './sign-layout';
import { signSvg } from './sign.svg';

describe('sign content', () => {
  it('reads the DTPR taxonomy the test data holds (data/ is its JSON form)', () => {
    const csv = parse(
      readFileSync(join(__dirname, '..', '..', 'test-data', 'dtpr-v1-taxonomy.csv'), 'utf8'),
      {
        columns: true,
      },
    );
    expect(dtpr).toEqual(csv);
  });

  it('says what is collected, by whom and why, in DTPR device categories', () => {
    const content = signContent(fullIotDeployment());
    expect(content.rows.map((r) => r.categoryId)).toEqual([
      'device__purpose',
      'device__tech',
      'device__data',
      'device__process',
      'device__retention',
      'device__access',
      'device__accountable',
    ]);
    expect(content.rows.find((r) => r.categoryId === 'device__accountable')?.text).toBe(
      'Trafikkontoret / Transport Office. Drivs av / Operated by leverantör / a vendor: CountCo AB',
    );
  });

  it('says a withheld field is withheld, and why, also where its row shows other text', () => {
    const content = signContent(
      fullIotDeployment({
        withheld: [
          { field: 'iotDeployment.operator', legalGround: 'OSL 18:8' },
          { field: 'iotDeployment.retentionPeriod', legalGround: 'OSL 21:7', until: '2099-01-01' },
        ],
      }),
    );
    const row = (id: string) => content.rows.find((r) => r.categoryId === id);
    // The department is always named; the operator beside it is withheld, and said so.
    expect(row('device__accountable')).toMatchObject({
      text: 'Trafikkontoret / Transport Office',
      withheld: 'Undanhållet / Withheld: OSL 18:8',
    });
    expect(JSON.stringify(row('device__accountable'))).not.toMatch(/CountCo|leverantör/);
    // A row with nothing else: the notice alone, not "not stated".
    expect(row('device__retention')?.text).toBeUndefined();
    expect(row('device__retention')?.withheld).toBe(
      'Undanhållet / Withheld: OSL 21:7 (t.o.m. / until 2099-01-01)',
    );
  });

  it('never cuts a withheld notice: a long text beside it gets the lines it leaves', () => {
    // An outside probe's sign: a title of two lines, a technology text of 194 characters, and
    // the sensor type withheld; the notice had been cut away with the text's end.
    const technology = [
      'https://example.se/dokumentation/kamera/bildanalys',
      'https://example.se/dokumentation/kamera/rakning-enh',
      'https://example.se/dokumentation/kamera/radering-direkt-efter-analys-i-enheten-version-2024',
    ].join(' ');
    const entry = fullIotDeployment({
      title: 'Fotgängarräknare med kamera på Götgatan och Ringvägen vid Skanstull, Stockholm',
      withheld: [{ field: 'iotDeployment.sensorType', legalGround: 'OSL 18:8' }],
    });
    entry.content.iotDeployment = { ...entry.content.iotDeployment, technology };
    const layout = signLayout(signContent(entry));
    const heading = layout.lines.find((l) => l.text === 'Teknik · Technology')!;
    const row = layout.lines.filter((l) => l.block === heading.block + 1).map((l) => l.text);
    expect(row.at(-1)).toBe('Undanhållet / Withheld: OSL 18:8');
    expect(row[0]).toBe('https://example.se/dokumentation/kamera/bildanalys');
    expect(row.at(-2)?.endsWith('…')).toBe(true);
    // Each row's text for every row of the probe's sign: none lost its notice.
    for (const r of signContent(entry).rows)
      if (r.withheld) expect(layout.lines.map((l) => l.text)).toContain(r.withheld);
  });

  it('keeps the beginning of a row’s text when its withheld notice takes every line', () => {
    // A ground long enough to fill the row: the text beside the notice had been dropped without
    // a sign that there was any.
    const ground = `OSL 18:8 ${'och särskilda skäl enligt beslut av nämnden '.repeat(7)}`.trim();
    const rowOf = (technology: string | undefined, field: string) => {
      const entry = fullIotDeployment({ withheld: [{ field, legalGround: ground }] });
      entry.content.iotDeployment = { ...entry.content.iotDeployment, technology };
      const layout = signLayout(signContent(entry));
      const heading = layout.lines.find((l) => l.text.includes(' · Accountable'))!;
      const tech = layout.lines.find((l) => l.text === 'Teknik · Technology')!;
      const lines = (h: { block: number }) =>
        layout.lines.filter((l) => l.block === h.block + 1).map((l) => l.text);
      return { accountable: lines(heading), technology: lines(tech) };
    };
    // The department beside a withheld operator: whole, before the notice.
    const { accountable } = rowOf(undefined, 'iotDeployment.operator');
    expect(accountable[0]).toMatch(
      /^Trafikkontoret \/ Transport Office · Undanhållet \/ Withheld: OSL 18:8 /,
    );
    expect(accountable.join(' ').endsWith(ground)).toBe(true);
    // A long technology text beside the withheld sensor type: its first words, then "… ·".
    const technology =
      'Kamera med bildanalys i enheten; bilderna raderas direkt efter analysen. '.repeat(3);
    const alone = rowOf(undefined, 'iotDeployment.sensorType').technology;
    const both = rowOf(technology, 'iotDeployment.sensorType').technology;
    expect(both.join(' ')).toMatch(/^Kamera med .*… · Undanhållet \/ Withheld: OSL 18:8 /);
    expect(both.join(' ').endsWith(ground)).toBe(true);
    // The text takes no line of its own: the row is as long as the notice alone.
    expect(alone.join(' ')).toMatch(/^Undanhållet/);
    expect(both).toHaveLength(alone.length);
  });

  it('fits long texts into the page, cut with an ellipsis', () => {
    const layout = signLayout(signContent(fullIotDeployment({ purpose: 'ord '.repeat(400) })));
    const purpose = layout.lines.filter((l) => l.text.startsWith('ord'));
    expect(purpose.length).toBeGreaterThan(1);
    expect(purpose.at(-1)?.text.endsWith('…')).toBe(true);
    expect(Math.max(...layout.lines.map((l) => l.y))).toBeLessThan(842);
    const texts = layout.lines.filter((l) => l.y < layout.qr.y && l.y > 200);
    expect(Math.max(...texts.map((l) => l.y))).toBeLessThan(layout.qr.y);
  });

  it('stays well-formed XML whatever characters the text holds', () => {
    const purpose = 'Mäter <luft> & "ljud" \uffff\ufffe\u0001\ud800 slut';
    const svg = signSvg(signLayout(signContent(fullIotDeployment({ purpose }))));
    // resvg parses the SVG as XML: a character XML forbids fails the whole sign.
    expect(() => new Resvg(svg)).not.toThrow();
    expect(svg).toContain('Mäter &lt;luft&gt; &amp; &quot;ljud&quot;  slut');
    for (const forbidden of ['\uffff', '\ufffe', '\u0001']) expect(svg).not.toContain(forbidden);
    expect(svg).not.toMatch(/\p{Cs}/u);
  });
});
