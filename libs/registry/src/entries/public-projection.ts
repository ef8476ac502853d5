import { EntryContent } from './entry-content';

/**
 * The public view of a version's content: every field listed under `withheld` is removed (the
 * list itself stays public, so readers see "withheld because …"). Drafts never reach this: only a
 * published version is projected. The single gate for public GraphQL reads and the search index.
 */
export function publicContent(content: EntryContent): EntryContent {
  const copy = structuredClone(content);
  for (const withheld of content.withheld ?? []) {
    removePath(copy as unknown as Record<string, unknown>, withheld.field.split('.'));
  }
  return copy;
}

function removePath(target: Record<string, unknown>, path: string[]): void {
  const [head, ...rest] = path;
  if (head === undefined || target === null || typeof target !== 'object') return;
  if (rest.length === 0) {
    delete target[head];
    return;
  }
  const next = target[head];
  if (Array.isArray(next))
    next.forEach((item) => removePath(item as Record<string, unknown>, rest));
  else if (next && typeof next === 'object') removePath(next as Record<string, unknown>, rest);
}

/** Field paths that may be withheld: any field below these roots (title and summary stay public). */
export const WITHHOLDABLE_ROOTS = [
  'description',
  'responsibleTeam',
  'contact',
  'geographicArea',
  'suppliers',
  'impactAssessments',
  'specialCategories',
  'accountability',
  'nonDiscrimination',
  'algorithm',
  'dataset',
  'iotDeployment',
];
