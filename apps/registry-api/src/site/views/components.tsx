import type { ComponentChildren } from 'preact';
import { EntryKind, EntryView, PersonalDataLevel, RiskClass, AiActClass } from '@insyn/registry';
import type { SiteLocale } from '../i18n/messages';
import { formatDay, formatMoment, langAttr, summaryOf, titleOf } from './format';
import { hrefIn } from './page-context';

/** A moment as a day in the reader's language, machine-readable in `datetime`. */
export function Moment({ locale, at }: { locale: SiteLocale; at: Date }) {
  return <time dateTime={at.toISOString()}>{formatMoment(locale, at)}</time>;
}

/** A calendar day (`YYYY-MM-DD`) in the reader's language. */
export function Day({ locale, day }: { locale: SiteLocale; day: string }) {
  return <time dateTime={day}>{formatDay(locale, day)}</time>;
}

/** Facts that tell at a glance why an entry matters: risk, AI Act class, personal data. */
export interface GlanceFacts {
  kind: EntryKind;
  riskClass?: RiskClass | null;
  aiActClass?: AiActClass | null;
  personalData?: PersonalDataLevel | null;
  reviewOverdue?: boolean;
  retired?: boolean;
}

export function Glance({ locale, facts }: { locale: SiteLocale; facts: GlanceFacts }) {
  const { enums, t } = locale;
  const items: [string, string][] = [[enums.EntryKind[facts.kind], 'kind']];
  if (facts.riskClass)
    items.push([enums.RiskClass[facts.riskClass], `risk risk-${facts.riskClass.toLowerCase()}`]);
  if (facts.aiActClass) items.push([enums.AiActClass[facts.aiActClass], 'ai-act']);
  if (facts.personalData)
    items.push([
      enums.PersonalDataLevel[facts.personalData],
      `personal-data pd-${facts.personalData.toLowerCase()}`,
    ]);
  if (facts.retired) items.push([enums.EntryStatus.RETIRED, 'retired']);
  if (facts.reviewOverdue) items.push([t.entry.overdueTag, 'overdue']);
  return (
    <ul class="glance">
      {items.map(([label, kind]) => (
        <li class={`tag ${kind}`}>{label}</li>
      ))}
    </ul>
  );
}

/** The facts of an entry view (the public projection: withheld classes are simply absent). */
export function factsOf(view: EntryView, today: string): GlanceFacts {
  const c = view.content;
  return {
    kind: view.entry.kind,
    riskClass: c.algorithm?.riskClass,
    aiActClass: c.algorithm?.aiActClass,
    personalData: c.personalData,
    reviewOverdue: !view.entry.retiredAt && !!c.reviewDueDate && c.reviewDueDate < today,
    retired: !!view.entry.retiredAt,
  };
}

/** One entry in a list: its title as a link, what it is, and its summary. */
export function EntryCard({
  locale,
  view,
  departmentName,
  today,
  children,
  headingLevel = 3,
}: {
  locale: SiteLocale;
  view: EntryView;
  departmentName?: string;
  today: string;
  children?: ComponentChildren;
  headingLevel?: 2 | 3;
}) {
  const title = titleOf(view, locale.lang);
  const summary = summaryOf(view, locale.lang);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="card">
      <Heading class="card-title">
        <a
          href={hrefIn(locale.lang, `/entries/${view.entry.slug}`)}
          lang={langAttr(title.lang, locale.lang)}
        >
          {title.text}
        </a>
      </Heading>
      <Glance locale={locale} facts={factsOf(view, today)} />
      {departmentName ? <p class="meta">{departmentName}</p> : null}
      {summary ? (
        <p class="summary" lang={langAttr(summary.lang, locale.lang)}>
          {summary.text}
        </p>
      ) : null}
      {children}
    </li>
  );
}

/** The reader's name of a department. */
export function departmentName(
  locale: SiteLocale,
  department: { nameSv: string; nameEn: string } | null | undefined,
): string {
  if (!department) return '';
  const names: Record<string, string> = { sv: department.nameSv, en: department.nameEn };
  return names[locale.lang] ?? department.nameSv;
}

/** The reader's name of a principle. */
export function principleName(
  locale: SiteLocale,
  principle: { titleSv: string; titleEn: string },
): string {
  const names: Record<string, string> = { sv: principle.titleSv, en: principle.titleEn };
  return names[locale.lang] ?? principle.titleSv;
}

/**
 * A form's problems tied to their fields: each refused field gets its message beside it
 * (`<p class="field-error" id="<field>-error">`, above the control), names it in
 * `aria-describedby` after its hint, and is `aria-invalid`; the error summary links the same ids.
 * Several problems of one field are said together in its one message.
 */
export function fieldProblems<F extends string>(problems: { field?: F; message: string }[]) {
  const messagesOf = (field: F) => problems.filter((p) => p.field === field).map((p) => p.message);
  const has = (field: F) => messagesOf(field).length > 0;
  return {
    has,
    invalid: (field: F) => (has(field) ? ('true' as const) : undefined),
    describedBy: (field: F, hint?: string) =>
      [hint, has(field) ? `${field}-error` : undefined].filter(Boolean).join(' ') || undefined,
    ErrorText: ({ field }: { field: F }) => {
      const messages = messagesOf(field);
      return messages.length ? (
        <p class="field-error" id={`${field}-error`}>
          {messages.join(' ')}
        </p>
      ) : null;
    },
  };
}

/** An error summary at the top of a form or page (GOV.UK pattern): focusable, with links to fields. */
export function ErrorSummary({
  title,
  problems,
  targets = {},
}: {
  title: string;
  problems: { field?: string; message: string }[];
  /** Where a field's link leads when not to the element of its id (a group's first control). */
  targets?: Record<string, string>;
}) {
  if (!problems.length) return null;
  // Focused as the page loads (no JavaScript needed): keyboard and screen-reader users start at
  // what to mend, where a role=alert present at load is not reliably announced.
  return (
    <div
      class="error-summary"
      role="alert"
      aria-labelledby="error-summary-title"
      tabIndex={-1}
      autoFocus
    >
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {problems.map((p) => (
          <li>
            {p.field ? <a href={`#${targets[p.field] ?? p.field}`}>{p.message}</a> : p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** One cell of a `DataTable`: what it shows, and its language where not the page's. */
export interface TableCell {
  content: ComponentChildren;
  lang?: string;
  class?: string;
}

/**
 * A data table whose first column names each row (its row header). On a narrow screen the
 * style sheet stacks each row and shows every value under its column's heading, from the cell's
 * `data-label`: the labels are the headings here, so they cannot drift apart. The generated
 * label is left out of what screen readers read (they announce the column header itself), and
 * the table says its roles outright, as browsers that drop a table's semantics when CSS changes
 * its `display` (WebKit has) would otherwise read a stacked table as plain text.
 */
export function DataTable({
  className,
  caption,
  headings,
  rows,
}: {
  className?: string;
  caption?: string;
  headings: [string, ...string[]];
  rows: [TableCell, ...TableCell[]][];
}) {
  return (
    <table class={className ? `table ${className}` : 'table'} role="table">
      {caption ? <caption>{caption}</caption> : null}
      <thead role="rowgroup">
        <tr role="row">
          {headings.map((heading) => (
            <th scope="col" role="columnheader">
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody role="rowgroup">
        {rows.map(([head, ...cells]) => (
          <tr role="row">
            <th
              scope="row"
              role="rowheader"
              data-label={headings[0]}
              lang={head.lang}
              class={head.class}
            >
              {head.content}
            </th>
            {cells.map((cell, i) => (
              <td role="cell" data-label={headings[i + 1]} lang={cell.lang} class={cell.class}>
                {cell.content}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
