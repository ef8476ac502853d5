import { EntryContent } from '../entries/entry-content';
import { diffContent } from './content-diff';

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
});
