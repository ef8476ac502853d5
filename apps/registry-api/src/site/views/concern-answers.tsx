import type { EntryView } from '@insyn/registry';
import type { PublicConcernAnswer } from '../concerns/site-concerns.port';
import type { SiteLocale } from '../i18n/messages';
import { Moment } from './components';
import { langAttr, titleOf } from './format';
import { Layout } from './layout';
import { hrefIn, PageContext } from './page-context';

/** An entry's public answers: each question (when published), the answer, and earlier answers. */
export function ConcernAnswersList({
  locale,
  answers,
}: {
  locale: SiteLocale;
  answers: PublicConcernAnswer[];
}) {
  const { t, lang } = locale;
  return (
    <ul class="answers">
      {answers.map((a) => (
        <li>
          {a.question === null ? (
            <p class="meta">{t.entry.questionNotPublished}</p>
          ) : (
            // Labelled, so that a listener (or a reader without the styles) tells the resident's
            // question from the department's answer.
            <p>
              <strong>{t.entry.concernQuestion} </strong>
              <span class="text" dir="auto" lang={langAttr(a.language, lang)}>
                {a.question}
              </span>
            </p>
          )}
          {/* Each answer marked with the language it is written in; the label in the page's. */}
          {a.answer !== null && a.answeredAt ? (
            <>
              <p>
                <strong>{a.rejected ? t.entry.concernRejected : t.entry.concernAnswer} </strong>
                <span class="text" dir="auto" lang={langAttr(a.answerLanguage ?? a.language, lang)}>
                  {a.answer}
                </span>
              </p>
              <p class="meta">
                {t.entry.concernAnsweredOn} <Moment locale={locale} at={a.answeredAt} />
                {a.amendedAt ? (
                  <>
                    {' '}
                    ({t.entry.concernAmended} <Moment locale={locale} at={a.amendedAt} />)
                  </>
                ) : null}
              </p>
            </>
          ) : null}
          {/* Answers no longer standing, newest first, each marked as such. */}
          {a.earlierAnswers.map((earlier) => (
            <>
              <p>
                <strong>
                  {earlier.because === 'AMENDED'
                    ? t.entry.concernAmendedAnswer
                    : t.entry.concernEarlierAnswer}{' '}
                </strong>
                <span class="text" dir="auto" lang={langAttr(earlier.language, lang)}>
                  {earlier.answer}
                </span>
              </p>
              <p class="meta">
                <Moment locale={locale} at={earlier.answeredAt} />
              </p>
            </>
          ))}
        </li>
      ))}
    </ul>
  );
}

/** The link to the answers after `more` (older ones), when there are any. */
export function OlderAnswersLink({
  locale,
  slug,
  more,
}: {
  locale: SiteLocale;
  slug: string;
  more: string | null;
}) {
  if (!more) return null;
  const { t, lang } = locale;
  return (
    <p>
      <a href={hrefIn(lang, `/entries/${slug}/answers?after=${encodeURIComponent(more)}`)}>
        {t.entry.olderAnswers}
      </a>
    </p>
  );
}

/**
 * An entry's older public answers, a page at a time (`/<lang>/entries/<slug>/answers?after=…`):
 * every answer the department made public stays reachable, however many there are.
 */
export function AnswersPage({
  ctx,
  view,
  answers,
  more,
}: {
  ctx: PageContext;
  view: EntryView;
  answers: PublicConcernAnswer[];
  more: string | null;
}) {
  const { locale } = ctx;
  const { t, lang } = locale;
  const title = titleOf(view, lang);
  const heading = t.entry.answersTitle(title.text);
  return (
    <Layout ctx={ctx} title={heading}>
      <h1>{heading}</h1>
      <p>
        <a href={hrefIn(lang, `/entries/${view.entry.slug}#concerns`)}>{t.entry.backToEntry}</a>
      </p>
      {answers.length ? (
        <ConcernAnswersList locale={locale} answers={answers} />
      ) : (
        // Reached from the entry's answers: there are some, none older than the last shown.
        <p>{t.entry.noOlderConcernAnswers}</p>
      )}
      <OlderAnswersLink locale={locale} slug={view.entry.slug} more={more} />
    </Layout>
  );
}
