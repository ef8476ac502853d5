import { EntryView } from '@insyn/registry';
import type { DailyChainHead } from '@insyn/audit';
import type { SiteLocale } from '../i18n/messages';
import { lastPublicChangeOf, summaryOf, titleOf } from '../views/format';

const XML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

/** Text escaped for XML content and attributes; characters XML 1.0 forbids are dropped. */
export function escapeXml(value: string): string {
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[&<>"']/g, (c) => XML[c])
  );
}

export interface AtomFeedInput {
  locale: SiteLocale;
  /** Absolute URL of the site root, without a trailing slash. */
  origin: string;
  /** The feed's own path (`/sv/feeds/entries.atom`) and the page it belongs to. */
  selfPath: string;
  pagePath: string;
  scope: string;
  views: EntryView[];
  departmentNames: Map<string, string>;
  /** The audit chain's head at the start of the day, published with every feed. */
  chainHead: DailyChainHead;
  /**
   * The feed's `<updated>` when it has no entries (see the controller's sendFeed); without it,
   * the start of the chain head's day.
   */
  updatedWhenEmpty?: Date | null;
}

/** The namespace of Insyn's Atom extension elements (feed readers skip what they do not know). */
export const INSYN_ATOM_NS = 'urn:insyn:atom:1.0';

/**
 * An Atom feed (RFC 4287) of published and changed entries, newest change first: one `<entry>`
 * per register entry, its `<updated>` the latest publication or retirement, so a feed reader
 * shows a changed entry again. Deterministic for the same data (ETags work). The feed names its
 * own author (the register) too: Atom needs one where an entry has none, as in a feed of none.
 */
export function atomFeed(input: AtomFeedInput): string {
  const { locale, origin, views } = input;
  const { t, lang } = locale;
  // Atom requires <updated> on a feed of no entries too; the epoch read as broken. The fallback,
  // the start of the day of the chain head the feed carries, changes with that element and
  // no more often: the same feed all day (ETags hold).
  const feedUpdated = views.length
    ? new Date(Math.max(...views.map((v) => lastPublicChangeOf(v).getTime())))
    : (input.updatedWhenEmpty ?? new Date(`${input.chainHead.day}T00:00:00.000Z`));
  const entries = views.map((view) => {
    const title = titleOf(view, lang);
    const summary = summaryOf(view, lang);
    const url = `${origin}/${lang}/entries/${view.entry.slug}`;
    const retired = view.entry.retiredAt ? `${t.feed.retired}: ` : '';
    // The feed's word before a title in the other language: each in its own language, which
    // only XHTML content can say (a Swedish title in the English feed, with no translation).
    const titleElement =
      retired && title.lang !== lang
        ? `<title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">${escapeXml(retired)}<span xml:lang="${escapeXml(title.lang)}">${escapeXml(title.text)}</span></div></title>`
        : `<title xml:lang="${escapeXml(title.lang)}">${escapeXml(retired + title.text)}</title>`;
    return `  <entry>
    <id>urn:uuid:${view.entry.id}</id>
    ${titleElement}
    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
    <updated>${lastPublicChangeOf(view).toISOString()}</updated>
    ${view.entry.firstPublishedAt ? `<published>${view.entry.firstPublishedAt.toISOString()}</published>` : ''}
    <author><name>${escapeXml(input.departmentNames.get(view.entry.departmentId) ?? t.siteName)}</name></author>
    ${summary ? `<summary xml:lang="${escapeXml(summary.lang)}">${escapeXml(summary.text)}</summary>` : ''}
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:insyn="${INSYN_ATOM_NS}" xml:lang="${lang}">
  <id>${escapeXml(origin + input.selfPath)}</id>
  <title>${escapeXml(t.feed.title(input.scope))}</title>
  <subtitle>${escapeXml(t.feed.subtitle)}</subtitle>
  <link rel="self" type="application/atom+xml" href="${escapeXml(origin + input.selfPath)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(origin + input.pagePath)}"/>
  <updated>${feedUpdated.toISOString()}</updated>
  <author><name>${escapeXml(t.siteName)}</name></author>
  <generator>Insyn</generator>
${chainHeadElement(input.chainHead)}
${entries.join('\n')}
</feed>
`;
}

/**
 * The audit chain's head at the start of the day as an extension element of the feed:
 * `<insyn:auditChainHead day="…" eventId="…" occurredAt="…" algorithm="SHA-256">hash</…>`;
 * with an empty log before the day, the element without a hash or event.
 */
function chainHeadElement({ day, head }: DailyChainHead): string {
  if (!head) return `  <insyn:auditChainHead day="${escapeXml(day)}" algorithm="SHA-256"/>`;
  return `  <insyn:auditChainHead day="${escapeXml(day)}" eventId="${escapeXml(head.eventId)}" occurredAt="${escapeXml(head.occurredAt)}" algorithm="SHA-256">${escapeXml(head.hash)}</insyn:auditChainHead>`;
}
