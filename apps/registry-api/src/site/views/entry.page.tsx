import type { ComponentChildren } from 'preact';
import { PRIMARY_CONTENT_LANGUAGE, RelationType } from '@insyn/registry';
import type { EntryConcerns } from '../concerns/site-concerns.port';
import type { EntryPageData } from '../public-site.reader';
import {
  DataTable,
  Day,
  departmentName,
  EntryCard,
  factsOf,
  Glance,
  Moment,
  principleName,
} from './components';
import { ENTRY_SECTIONS, EntrySectionId, SECTION_FIELDS, sectionOf } from './entry-sections';
import { FieldRendering, fieldRows, fieldTrail } from './field-value';
import { formatMoment, langAttr, summaryOf, titleOf } from './format';
import { ConcernAnswersList, OlderAnswersLink } from './concern-answers';
import { Layout } from './layout';
import { hrefIn, PageContext } from './page-context';

export interface EntryPageProps {
  ctx: PageContext;
  data: EntryPageData;
  concerns: EntryConcerns;
  today: string;
  /** The page's structured data for search engines (entryStructuredData), if any. */
  structuredData?: Record<string, unknown> | null;
}

function Section({
  id,
  title,
  children,
}: {
  id: string;
  title: string;
  children: ComponentChildren;
}) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} class="entry-section">
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/** The entry page: everything public about one entry, in plain sections. */
export function EntryPage({ ctx, data, concerns, today, structuredData }: EntryPageProps) {
  const { locale } = ctx;
  const { t, lang } = locale;
  const { view, department, related, versions, principles } = data;
  const { entry, content } = view;
  const title = titleOf(view, lang);
  const summary = summaryOf(view, lang);
  const withheld = new Map((content.withheld ?? []).map((w) => [w.field, w]));
  // The header's lead shows the summary. In the content language it is not said again below;
  // where the lead is a translation, the section gives the original, labelled as such.
  const leadIsOriginal = summary?.lang === PRIMARY_CONTENT_LANGUAGE;
  const rendering = (section: EntrySectionId): FieldRendering => ({
    locale,
    withheld,
    includes: (path) => sectionOf(path) === section,
    heading: t.entry.sections[section],
    labels:
      summary && !leadIsOriginal ? new Map([['summary', t.entry.originalSummary]]) : undefined,
  });
  const contentLang = langAttr(PRIMARY_CONTENT_LANGUAGE, lang);
  const overdue = !entry.retiredAt && !!content.reviewDueDate && content.reviewDueDate < today;
  const sectionIds: [string, string][] = [
    ...ENTRY_SECTIONS.map(({ id }) => [id, t.entry.sections[id]] as [string, string]),
    ['principles', t.entry.sections.principles],
    ['related', t.entry.sections.related],
    ['withheld', t.entry.sections.withheld],
    ['review', t.entry.sections.review],
    ['history', t.entry.sections.history],
    ['concerns', t.entry.sections.concerns],
  ];
  const catalogue = new Map(principles.map((p) => [p.code, p]));
  const base = `/entries/${entry.slug}`;
  const feedHref = hrefIn(lang, '/feeds/entries.atom');
  return (
    <Layout
      ctx={ctx}
      title={title.text}
      feeds={[{ href: feedHref, title: t.footer.feed }]}
      description={summary?.text}
      structuredData={structuredData}
    >
      <article class="entry">
        <header class="entry-header">
          <h1 lang={langAttr(title.lang, lang)}>{title.text}</h1>
          <Glance locale={locale} facts={factsOf(view, today)} />
          {summary ? (
            <p class="lead" lang={langAttr(summary.lang, lang)}>
              {summary.text}
            </p>
          ) : null}
          <dl class="facts">
            <div class="row">
              <dt>{t.entry.kindOf}</dt>
              <dd>{locale.enums.EntryKind[entry.kind]}</dd>
            </div>
            <div class="row">
              <dt>{t.entry.department}</dt>
              <dd>
                {department ? (
                  <a href={hrefIn(lang, `/departments/${department.slug}`)}>
                    {departmentName(locale, department)}
                  </a>
                ) : null}
              </dd>
            </div>
            <div class="row">
              <dt>{t.entry.status}</dt>
              <dd>
                {t.entry.statusVersion(locale.enums.EntryStatus[entry.status], view.version.number)}
              </dd>
            </div>
            {entry.firstPublishedAt ? (
              <div class="row">
                <dt>{t.entry.firstPublished}</dt>
                <dd>
                  <Moment locale={locale} at={entry.firstPublishedAt} />
                </dd>
              </div>
            ) : null}
            {view.version.publishedAt ? (
              <div class="row">
                <dt>{t.entry.lastChanged}</dt>
                <dd>
                  <Moment locale={locale} at={view.version.publishedAt} />
                </dd>
              </div>
            ) : null}
          </dl>
          {entry.retiredAt ? (
            <div class="notice retired-notice">
              <p>
                <strong>{t.entry.retired(formatMoment(locale, entry.retiredAt))}</strong>
              </p>
              {entry.retirementReason ? (
                <p>
                  {t.entry.retiredReason}: <span lang={contentLang}>{entry.retirementReason}</span>
                </p>
              ) : null}
              {/* Its fields (a lifecycle stage "in use", say) are as the last version had them. */}
              <p>{t.entry.retiredFields}</p>
            </div>
          ) : null}
          {title.lang !== lang ? <p class="note">{t.entry.notTranslated}</p> : null}
        </header>
        <nav aria-labelledby="toc-title" class="toc">
          <h2 id="toc-title">{t.entry.contents}</h2>
          <ul>
            {sectionIds.map(([id, label]) => (
              <li>
                <a href={`#${id}`}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
        {ENTRY_SECTIONS.map(({ id }) => {
          const fields = SECTION_FIELDS.get(id) ?? [];
          const rows = fieldRows(
            fields.filter(
              (f) => f.kinds.includes(entry.kind) && !(leadIsOriginal && f.path === 'summary'),
            ),
            content,
            rendering(id),
            true,
          );
          return (
            <Section id={id} title={t.entry.sections[id]}>
              {rows.length ? <dl class="fields">{rows}</dl> : <p>{t.entry.noValue}</p>}
            </Section>
          );
        })}
        <Section id="principles" title={t.entry.sections.principles}>
          {content.principles?.length ? (
            <dl class="fields">
              {content.principles.map((link) => {
                const principle = catalogue.get(link.code);
                return (
                  <div class="row">
                    <dt>
                      {principle ? (
                        <a href={hrefIn(lang, `/principles/${principle.code}`)}>
                          {principleName(locale, principle)}
                        </a>
                      ) : (
                        link.code
                      )}
                    </dt>
                    <dd lang={contentLang}>{link.rationale}</dd>
                  </div>
                );
              })}
            </dl>
          ) : (
            <p>{t.entry.noPrinciples}</p>
          )}
        </Section>
        <Section id="related" title={t.entry.sections.related}>
          {related.length ? (
            <ul class="cards">
              {related.map((r) => (
                <EntryCard locale={locale} view={r.view} today={today}>
                  <p class="meta">
                    {relationLabel(locale.t.entry.relationTypes, r.type, r.outgoing)}
                  </p>
                </EntryCard>
              ))}
            </ul>
          ) : (
            <p>{t.entry.noRelated}</p>
          )}
        </Section>
        <Section id="withheld" title={t.entry.sections.withheld}>
          {content.withheld?.length ? (
            <>
              <p>{t.entry.withheldIntro}</p>
              <DataTable
                headings={[t.entry.withheldField, t.entry.withheldGround, t.entry.withheldUntil]}
                rows={content.withheld.map((w) => [
                  { content: fieldTrail(locale, w.field) },
                  { content: w.legalGround, lang: contentLang },
                  {
                    content: w.until ? (
                      <Day locale={locale} day={w.until} />
                    ) : (
                      t.entry.withheldForGood
                    ),
                  },
                ])}
              />
            </>
          ) : (
            <p>{t.entry.noWithheld}</p>
          )}
        </Section>
        <Section id="review" title={t.entry.sections.review}>
          {content.reviewDueDate ? (
            <>
              <p>
                {t.entry.reviewDue}: <Day locale={locale} day={content.reviewDueDate} />
              </p>
              <p class={overdue ? 'notice overdue-notice' : undefined}>
                {overdue ? t.entry.reviewOverdue : t.entry.reviewOnTime}
              </p>
            </>
          ) : (
            <p>{t.entry.noReviewDate}</p>
          )}
        </Section>
        <Section id="history" title={t.entry.sections.history}>
          <p>{t.entry.historyIntro}</p>
          <ol class="versions">
            {versions.map(({ view: v }) => (
              <li>
                <strong>{t.entry.version(v.version.number)}</strong>
                {v.version.publishedAt ? (
                  <>
                    {', '}
                    <Moment locale={locale} at={v.version.publishedAt} />
                  </>
                ) : null}
                {v.version.changeNote ? (
                  <>
                    {'. '}
                    {t.entry.changeNote}: <span lang={contentLang}>{v.version.changeNote}</span>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
          {versions.length > 1 ? <p>{t.entry.compareIntro}</p> : null}
          {versions.length > 1 ? (
            <form method="get" action={hrefIn(lang, `${base}/changes`)} class="compare">
              <fieldset>
                <legend>{t.entry.compare}</legend>
                <div class="field">
                  <label for="from">{t.entry.from}</label>
                  <select id="from" name="from">
                    {versions.map(({ view: v }, i) => (
                      <option value={String(v.version.number)} selected={i === versions.length - 2}>
                        {t.entry.version(v.version.number)}
                      </option>
                    ))}
                  </select>
                </div>
                <div class="field">
                  <label for="to">{t.entry.to}</label>
                  <select id="to" name="to">
                    {versions.map(({ view: v }, i) => (
                      <option value={String(v.version.number)} selected={i === versions.length - 1}>
                        {t.entry.version(v.version.number)}
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit">{t.entry.showChanges}</button>
              </fieldset>
            </form>
          ) : null}
        </Section>
        <Section id="concerns" title={t.entry.sections.concerns}>
          {concerns.canFile ? (
            <ul class="inline-links">
              <li>
                <a href={hrefIn(lang, `/entries/${entry.slug}/concerns/new`)}>
                  {t.concerns.fileLink}
                </a>
              </li>
              <li>
                <a href={hrefIn(lang, '/concerns/track')}>{t.concerns.trackLink}</a>
              </li>
            </ul>
          ) : entry.retiredAt ? (
            // Retired: no new questions, but those already sent can still be followed.
            <>
              <p>{t.concerns.closedOnEntry}</p>
              <ul class="inline-links">
                <li>
                  <a href={hrefIn(lang, '/concerns/track')}>{t.concerns.trackLink}</a>
                </li>
              </ul>
            </>
          ) : (
            <p>{t.entry.concernsComing}</p>
          )}
          {concerns.counts.open || concerns.counts.answered ? (
            <p class="concern-counts">
              {t.concerns.counts(concerns.counts.open, concerns.counts.answered)}
            </p>
          ) : null}
          {concerns.answers.length ? (
            <ConcernAnswersList locale={locale} answers={concerns.answers} />
          ) : (
            <p>{t.entry.noConcernAnswers}</p>
          )}
          <OlderAnswersLink locale={locale} slug={entry.slug} more={concerns.more} />
        </Section>
      </article>
    </Layout>
  );
}

function relationLabel(
  labels: Record<RelationType, { out: string; in: string }>,
  type: RelationType,
  outgoing: boolean,
): string {
  return outgoing ? labels[type].out : labels[type].in;
}
