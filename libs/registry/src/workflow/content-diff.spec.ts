import { EntryContent } from '../entries/entry-content';
import { diffContent, markWithheld } from './content-diff';

describe('diffContent', () => {
  it('reports changed, added and removed fields by path, nested objects key by key', () => {
    const before: EntryContent = {
      title: 'A',
      summary: 'old',
      keywords: ['x'],
      accountability: { accountableOwner: 'Head', humanOversight: 'Yes' },
    };
    const after: EntryContent = {
      title: 'A',
      purpose: 'new',
      keywords: ['x', 'y'],
      accountability: { accountableOwner: 'Head of unit', humanOversight: 'Yes' },
    };
    expect(diffContent(before, after)).toEqual([
      { field: 'accountability.accountableOwner', before: 'Head', after: 'Head of unit' },
      { field: 'keywords', before: ['x'], after: ['x', 'y'] },
      { field: 'purpose', before: null, after: 'new' },
      { field: 'summary', before: 'old', after: null },
    ]);
  });

  it('is empty for equal contents', () => {
    expect(diffContent({ title: 'A', keywords: [] }, { title: 'A', keywords: [] })).toEqual([]);
  });

  it('sees no change in a list whose items hold the same keys in another order (as jsonb stores them)', () => {
    const stored = { title: 'A', legalBasis: [{ link: 'https://x.se', title: 'Lag' }] };
    const sent = { title: 'A', legalBasis: [{ title: 'Lag', link: 'https://x.se' }] };
    expect(diffContent(stored as never, sent as never)).toEqual([]);
    const changed = { title: 'A', legalBasis: [{ title: 'Lag', link: 'https://y.se' }] };
    expect(diffContent(stored as never, changed as never)).toHaveLength(1);
  });

  it('marks a change where a version withholds the field, or a part of it, from the reader', () => {
    // Version 1 withheld the risks and the company numbers (its public view lacks them).
    const before = { title: 'A', algorithm: { riskClass: 'HIGH' }, suppliers: [{ name: 'X' }] };
    const after = {
      title: 'A',
      algorithm: { riskClass: 'HIGH', risksAndMitigations: 'Known' },
      suppliers: [{ name: 'X', orgNumber: '556677-8899' }],
    };
    const withheld = ['algorithm.risksAndMitigations', 'suppliers.orgNumber'];
    const changes = diffContent(before as never, after as never);
    expect(markWithheld(changes, { before: withheld, after: [] })).toEqual([
      {
        field: 'algorithm.risksAndMitigations',
        before: null,
        after: 'Known',
        beforeWithheld: true,
        afterWithheld: false,
      },
      {
        field: 'suppliers',
        before: [{ name: 'X' }],
        after: [{ name: 'X', orgNumber: '556677-8899' }],
        beforeWithheld: true,
        afterWithheld: false,
      },
    ]);
    expect(
      markWithheld(changes, { before: [], after: withheld }).map((c) => [
        c.beforeWithheld,
        c.afterWithheld,
      ]),
    ).toEqual([
      [false, true],
      [false, true],
    ]);
    // A reader who sees every value: nothing marked.
    expect(markWithheld(changes).every((c) => !c.beforeWithheld && !c.afterWithheld)).toBe(true);
  });
});
