import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import dtpr from '../../data/dtpr-v1-taxonomy.json';
import { fullIotDeployment } from '../../test-fixtures/export-entries';
import { signContent } from './sign-content';
import { signLayout } from './sign-layout';

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

  it('fits long texts into the page, cut with an ellipsis', () => {
    const layout = signLayout(signContent(fullIotDeployment({ purpose: 'ord '.repeat(400) })));
    const purpose = layout.lines.filter((l) => l.text.startsWith('ord'));
    expect(purpose.length).toBeGreaterThan(1);
    expect(purpose.at(-1)?.text.endsWith('…')).toBe(true);
    expect(Math.max(...layout.lines.map((l) => l.y))).toBeLessThan(842);
    const texts = layout.lines.filter((l) => l.y < layout.qr.y && l.y > 200);
    expect(Math.max(...texts.map((l) => l.y))).toBeLessThan(layout.qr.y);
  });
});
