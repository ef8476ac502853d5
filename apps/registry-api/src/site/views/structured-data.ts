import { EntryKind } from '@insyn/registry';
import { exportEntryOf, StandardsSettings, toSchemaOrgDataset } from '@insyn/standards';
import type { EntryPageData } from '../public-site.reader';
import { departmentName } from './components';
import { summaryOf, titleOf } from './format';
import { hrefIn, PageContext } from './page-context';

/**
 * The structured data of an entry's page, for search engines: a dataset's schema.org `Dataset`
 * (Google Dataset Search lists datasets by it); none for other kinds. Made from the page's own
 * data, the public view the visibility policy gave, with the texts the page shows in its
 * language, so the markup says nothing the page does not.
 */
export function entryStructuredData(
  data: EntryPageData,
  ctx: PageContext,
  settings: StandardsSettings,
): Record<string, unknown> | null {
  const { view, department } = data;
  if (view.entry.kind !== EntryKind.DATASET || !department) return null;
  const { locale } = ctx;
  const at = (path: string) => `${settings.publicUrl}${hrefIn(locale.lang, path)}`;
  const { description } = view.content;
  return toSchemaOrgDataset(exportEntryOf(view, department, settings), settings, {
    url: at(`/entries/${view.entry.slug}`),
    name: titleOf(view, locale.lang).text,
    // The summary, or else the description the page shows in full (in the register's language).
    description: summaryOf(view, locale.lang)?.text ?? (description?.trim() ? description : null),
    department: {
      name: departmentName(locale, department),
      url: at(`/departments/${department.slug}`),
    },
    catalogueUrl: at('/open-data'),
  });
}

/**
 * JSON for the body of a `<script type="application/ld+json">`, a data block the browser never
 * runs: escaped so that no text in it can close the element (`</script`), open a comment
 * (`<!--`) or be read as a character reference; still the same JSON to a parser.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
