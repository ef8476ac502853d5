import { EntryContent } from '../entries/entry-content';
import { EntryKind } from '../entries/entry-enums';
import { publicContent } from './public-projection';

describe('publicContent', () => {
  const content: EntryContent = {
    title: 'Parking camera analytics',
    summary: 'Counts free parking spaces',
    suppliers: [{ name: 'Acme AB', orgNumber: '556000-0000' }],
    algorithm: {
      sourceCode: { link: 'https://git.example/x', licence: 'EUPL-1.2' },
      riskClass: undefined,
    },
    withheld: [
      { field: 'algorithm.sourceCode', legalGround: 'OSL 18:8 security' },
      { field: 'suppliers.orgNumber', legalGround: 'OSL 31:16 business secret' },
    ],
  };

  it('removes withheld fields, including inside lists, and keeps the withheld notice', () => {
    const projected = publicContent(content, EntryKind.ALGORITHM, '2026-01-01');
    expect(projected.algorithm?.sourceCode).toBeUndefined();
    expect(projected.suppliers).toEqual([{ name: 'Acme AB' }]);
    expect(projected.withheld).toHaveLength(2);
    expect(projected.title).toBe('Parking camera analytics');
  });

  it('does not alter the stored content', () => {
    publicContent(content, EntryKind.ALGORITHM, '2026-01-01');
    expect(content.algorithm?.sourceCode?.link).toBe('https://git.example/x');
    expect(content.suppliers?.[0].orgNumber).toBe('556000-0000');
  });
});
