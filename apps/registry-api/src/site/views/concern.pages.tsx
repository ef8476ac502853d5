import type { ConcernCodeFault } from '@insyn/concerns';
import { withRefusedCharactersMarked } from '@insyn/errors';
import { PRIMARY_CONTENT_LANGUAGE, type PrincipleEntity } from '@insyn/registry';
import { ErrorSummary, fieldProblems, Moment, principleName } from './components';
import { langAttr } from './format';
import { Layout } from './layout';
import { hrefIn, PageContext } from './page-context';

/** The fields of the concern form, as posted (strings, as the reader typed them). */
export interface ConcernFormValues {
  principleCodes: string[];
  category: string;
  text: string;
  contactEmail: string;
  language: string;
  consentToPublish: boolean;
  /** This form's submission id (hidden): sending it again files nothing new. */
  submission: string;
}

/** A problem with one field of the form, in the reader's language. */
export interface ConcernFormProblem {
  field: keyof ConcernFormValues;
  message: string;
}

/** The forms' ids: the language switch on their pages submits them (see PageContext). */
export const CONCERN_FORM = 'concern-form';
export const TRACK_FORM = 'track-form';
/**
 * The tracking form's field saying the page shows the concern of its code: the language switch
 * then shows it again in the other language (it is looked up again), where from an empty or
 * refused form it only brings the code along.
 */
export const SHOWN_FIELD = 'shown';
export const SHOWN = '1';
export const ERASE_FORM = 'erase-form';
/**
 * The receipt's form, of hidden fields only: its language switch posts the codes (never in an
 * address) to the other language's receipt, which shows them again if they are one concern's.
 */
export const RECEIPT_FORM = 'receipt-form';

export const CONCERN_CATEGORIES = [
  'DISCRIMINATION',
  'PRIVACY',
  'ACCURACY',
  'TRANSPARENCY',
  'ACCESSIBILITY',
  'OTHER',
];

export interface ConcernFormPageProps {
  ctx: PageContext;
  entry: { slug: string; title: string };
  principles: PrincipleEntity[];
  values: ConcernFormValues;
  problems: ConcernFormProblem[];
  /** The post came without a valid CSRF token: nothing was saved, the values are filled in. */
  expired?: boolean;
  /** Why nothing was sent, above the form filled in as it was (too many from the address). */
  notice?: string;
  csrf: string;
  limits: { text: number; email: number; principles: number };
}

/** The form to file a concern: plain HTML, no script; errors next to fields and at the top. */
export function ConcernFormPage({
  ctx,
  entry,
  principles,
  values,
  problems,
  expired = false,
  notice,
  csrf,
  limits,
}: ConcernFormPageProps) {
  const { t, lang } = ctx.locale;
  const c = t.concerns;
  const title = c.formTitle(entry.title);
  const { invalid, describedBy, ErrorText } = fieldProblems<keyof ConcernFormValues>(problems);
  return (
    <Layout
      ctx={ctx}
      title={
        notice
          ? `${c.tooManyTitle}: ${title}`
          : problems.length || expired
            ? `${t.errors.errorSummary}: ${title}`
            : title
      }
    >
      <h1>{title}</h1>
      <ErrorSummary
        title={t.errors.errorSummary}
        problems={[...(expired ? [{ message: c.expired }] : []), ...problems]}
        // The principles are a group: its link leads to the first box, to be ticked.
        targets={principles.length ? { principleCodes: `principle-${principles[0].code}` } : {}}
      />
      {/* Nothing to correct, only to wait: said apart from the error summary. */}
      <Notice title={c.tooManyTitle} message={notice} />
      <p>
        {c.formIntro} <a href={hrefIn(lang, '/privacy')}>{c.privacyLink}</a>
      </p>
      <form
        id={CONCERN_FORM}
        method="post"
        action={hrefIn(lang, `/entries/${entry.slug}/concerns`)}
        novalidate
      >
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="submission" value={values.submission} />
        <fieldset
          class="field"
          id="principleCodes"
          aria-describedby={describedBy('principleCodes', 'principleCodes-hint')}
        >
          <legend>{c.principles}</legend>
          <p class="hint" id="principleCodes-hint">
            {c.principlesHint(limits.principles)}
          </p>
          <ErrorText field="principleCodes" />
          {principles.map((p) => (
            <div>
              <input
                type="checkbox"
                id={`principle-${p.code}`}
                name="principleCodes"
                value={p.code}
                checked={values.principleCodes.includes(p.code)}
              />{' '}
              <label for={`principle-${p.code}`}>{principleName(ctx.locale, p)}</label>
            </div>
          ))}
        </fieldset>
        <div class="field">
          <label for="category">{c.category}</label>
          <ErrorText field="category" />
          <select
            id="category"
            name="category"
            aria-describedby={describedBy('category')}
            aria-invalid={invalid('category')}
          >
            <option value="">–</option>
            {CONCERN_CATEGORIES.map((code) => (
              <option value={code} selected={values.category === code}>
                {c.categories[code]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="text">{c.text}</label>
          <p class="hint" id="text-hint">
            {c.textHint(limits.text)}
          </p>
          <ErrorText field="text" />
          <textarea
            id="text"
            name="text"
            dir="auto"
            rows={8}
            cols={60}
            // No maxlength: the browser would cut a pasted text at the limit without a word and
            // file the rest; the server says how long it is and keeps all of it (the hint says
            // the limit beforehand).
            required
            aria-describedby={describedBy('text', 'text-hint')}
            aria-invalid={invalid('text')}
          >
            {
              // The browser's CRLF line breaks are the text rule's newlines, not refused controls.
              withRefusedCharactersMarked(values.text.replace(/\r\n?/g, '\n'))
            }
          </textarea>
        </div>
        <div class="field">
          <label for="contactEmail">{c.email}</label>
          <p class="hint" id="contactEmail-hint">
            {c.emailHint}
          </p>
          <ErrorText field="contactEmail" />
          <input
            type="email"
            id="contactEmail"
            name="contactEmail"
            autocomplete="email"
            maxLength={limits.email}
            value={withRefusedCharactersMarked(values.contactEmail)}
            aria-describedby={describedBy('contactEmail', 'contactEmail-hint')}
            aria-invalid={invalid('contactEmail')}
          />
        </div>
        <div class="field">
          <label for="language">{c.language}</label>
          <ErrorText field="language" />
          <select
            id="language"
            name="language"
            aria-describedby={describedBy('language')}
            aria-invalid={invalid('language')}
          >
            {['sv', 'en'].map((code) => (
              <option value={code} selected={values.language === code}>
                {c.languages[code]}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <input
            type="checkbox"
            id="consentToPublish"
            name="consentToPublish"
            value="true"
            checked={values.consentToPublish}
          />{' '}
          <label for="consentToPublish">{c.consent}</label>
        </div>
        <button type="submit">{c.send}</button>
      </form>
    </Layout>
  );
}

/** The receipt after filing: the codes, shown this once (the answer is never cached). */
export function ConcernReceiptPage({
  ctx,
  entry,
  trackingCode,
  erasureCode,
  csrf,
}: {
  ctx: PageContext;
  entry: { slug: string; title: string };
  trackingCode: string;
  erasureCode: string;
  csrf: string;
}) {
  const { t, lang } = ctx.locale;
  const c = t.concerns;
  return (
    <Layout ctx={ctx} title={c.receiptTitle}>
      <h1>{c.receiptTitle}</h1>
      <p>{c.receiptIntro}</p>
      {/* Sent only by the language switch (ctx.switchForm), which keeps the receipt. */}
      <form id={RECEIPT_FORM} method="post" action={hrefIn(lang, '/concerns/receipt')} hidden>
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="trackingCode" value={trackingCode} />
        <input type="hidden" name="erasureCode" value={erasureCode} />
      </form>
      <dl class="fields">
        <div class="row">
          <dt>{c.trackingCode}</dt>
          <dd>
            <code id="tracking-code">{trackingCode}</code>
          </dd>
        </div>
        <div class="row">
          <dt>{c.erasureCode}</dt>
          <dd>
            <code id="erasure-code">{erasureCode}</code>
            <p class="hint">
              {c.erasureHint} <a href={hrefIn(lang, '/concerns/erase')}>{c.eraseLink}</a>
            </p>
          </dd>
        </div>
        <div class="row">
          <dt>{c.entry}</dt>
          <dd>
            <a href={hrefIn(lang, `/entries/${entry.slug}`)}>{entry.title}</a>
          </dd>
        </div>
      </dl>
      <ul class="inline-links">
        <li>
          <a href={hrefIn(lang, '/concerns/track')}>{c.trackLink}</a>
        </li>
        <li>
          <a href={hrefIn(lang, '/concerns/erase')}>{c.eraseLink}</a>
        </li>
      </ul>
    </Layout>
  );
}

/** What the tracking page shows of a concern: never its text or contact. */
export interface TrackedConcernView {
  status: string;
  category: string;
  filedAt: Date;
  /**
   * The answer while it stands (ANSWERED, or CLOSED after an answer), when it was first given,
   * and when it was last amended.
   */
  answeredAt: Date | null;
  answerAmendedAt: Date | null;
  answer: string | null;
  /**
   * Answers no longer standing, newest first: amended wordings, and answers given before the
   * concern was reopened. Shown as such, after what stands now.
   */
  earlierAnswers: {
    answer: string;
    /** The language this wording is written in. */
    language: string;
    answeredAt: Date;
    supersededBecause: 'AMENDED' | 'REOPENED';
  }[];
  /** The language `answer` is written in; null without one. */
  answerLanguage: string | null;
  rejectionReason: string | null;
  /** The language `rejectionReason` is written in; null without one. */
  rejectionReasonLanguage: string | null;
  /** When the resident erased their text and address (the page says so), or null. */
  erasedAt: Date | null;
  entry: { slug: string; title: string } | null;
  /** The concern's language: the one the resident asked to be answered in. */
  language: string;
}

/**
 * Something to wait for, not to correct (too many tries): a notice with its heading, announced
 * like the error summary, above the form that keeps what was typed.
 */
function Notice({ title, message }: { title: string; message?: string }) {
  if (!message) return null;
  return (
    <div class="notice" role="alert" aria-labelledby="notice-title">
      <h2 id="notice-title">{title}</h2>
      <p>{message}</p>
    </div>
  );
}

/**
 * The tracking page: a form for the code (posted with the site's CSRF token, never in an
 * address), and the concern's status when one was found.
 */
export function ConcernTrackPage({
  ctx,
  csrf,
  concern,
  notFound,
  code = '',
  erasureCode = false,
  missing = false,
  expired = false,
  notice,
  codeFault,
}: {
  ctx: PageContext;
  csrf: string;
  concern: TrackedConcernView | null;
  notFound: boolean;
  /** The code typed can be no code: why (said instead of "no question has that code"). */
  codeFault?: ConcernCodeFault;
  /** The post came without a valid CSRF token: nothing was looked up, the code is filled in. */
  expired?: boolean;
  /** Why the code was not looked up (too many tries from the address): said above the form. */
  notice?: string;
  /** Sent without a code: asked for one (not "no question has that code"). */
  missing?: boolean;
  /** The code that named no concern to follow is one's erasure code: say so. */
  erasureCode?: boolean;
  /** The code as typed, given back in the field (it named no concern, or the language switched). */
  code?: string;
}) {
  const { t, lang } = ctx.locale;
  // Each text marked with the language it is written in (the department's choice).
  const langOf = (textLang: string | null) =>
    langAttr(textLang ?? concern?.language ?? PRIMARY_CONTENT_LANGUAGE, lang);
  const c = t.concerns;
  const notFoundMessage = missing
    ? c.codeMissing
    : codeFault
      ? c.notACode(codeFault)
      : erasureCode
        ? c.notFoundErasureCode
        : c.notFound;
  const problems = [
    ...(expired ? [{ message: c.trackExpired }] : []),
    ...(notFound ? [{ field: 'code', message: notFoundMessage }] : []),
  ];
  return (
    <Layout
      ctx={ctx}
      title={
        notice
          ? `${c.tooManyTitle}: ${c.trackTitle}`
          : problems.length
            ? `${t.errors.errorSummary}: ${c.trackTitle}`
            : c.trackTitle
      }
    >
      <h1>{c.trackTitle}</h1>
      <ErrorSummary title={t.errors.errorSummary} problems={problems} />
      <Notice title={c.tooManyTitle} message={notice} />
      <form id={TRACK_FORM} method="post" action={hrefIn(lang, '/concerns/track')} novalidate>
        <input type="hidden" name="csrf" value={csrf} />
        {concern ? <input type="hidden" name={SHOWN_FIELD} value={SHOWN} /> : null}
        <CodeField
          label={c.code}
          hint={c.codeHint}
          error={notFound ? notFoundMessage : null}
          value={code}
        />
        <button type="submit">{c.show}</button>
      </form>
      <p>
        <a href={hrefIn(lang, '/concerns/erase')}>{c.eraseLink}</a>
      </p>
      {concern ? (
        <section aria-labelledby="concern-status">
          <h2 id="concern-status">
            {c.status}: {c.statuses[concern.status] ?? concern.status}
          </h2>
          <dl class="fields">
            {concern.entry ? (
              <div class="row">
                <dt>{c.entry}</dt>
                <dd>
                  <a href={hrefIn(lang, `/entries/${concern.entry.slug}`)}>{concern.entry.title}</a>
                </dd>
              </div>
            ) : null}
            <div class="row">
              <dt>{c.category}</dt>
              <dd>{c.categories[concern.category] ?? concern.category}</dd>
            </div>
            <div class="row">
              <dt>{c.filedAt}</dt>
              <dd>
                <Moment locale={ctx.locale} at={concern.filedAt} />
              </dd>
            </div>
            {concern.erasedAt ? (
              <div class="row">
                <dt>{c.erasedAt}</dt>
                <dd>
                  <Moment locale={ctx.locale} at={concern.erasedAt} /> {c.trackErased}
                </dd>
              </div>
            ) : null}
            {concern.answeredAt ? (
              <div class="row">
                <dt>{c.answeredAt}</dt>
                <dd>
                  <Moment locale={ctx.locale} at={concern.answeredAt} />
                </dd>
              </div>
            ) : null}
            {concern.answerAmendedAt ? (
              <div class="row">
                <dt>{c.answerAmendedAt}</dt>
                <dd>
                  <Moment locale={ctx.locale} at={concern.answerAmendedAt} />
                </dd>
              </div>
            ) : null}
            {concern.answer ? (
              <div class="row">
                <dt>{c.answer}</dt>
                <dd class="text" dir="auto" lang={langOf(concern.answerLanguage)}>
                  {concern.answer}
                </dd>
              </div>
            ) : null}
            {concern.rejectionReason ? (
              <div class="row">
                <dt>{c.reason}</dt>
                <dd class="text" dir="auto" lang={langOf(concern.rejectionReasonLanguage)}>
                  {concern.rejectionReason}
                </dd>
              </div>
            ) : null}
            {concern.earlierAnswers.map((earlier) => (
              <div class="row earlier-answer">
                <dt>
                  {c.earlierAnswer} <Moment locale={ctx.locale} at={earlier.answeredAt} />
                </dt>
                <dd>
                  <p class="meta">
                    {earlier.supersededBecause === 'AMENDED'
                      ? c.earlierAnswerAmendedNote
                      : c.earlierAnswerNote}
                  </p>
                  <p class="text" dir="auto" lang={langOf(earlier.language)}>
                    {earlier.answer}
                  </p>
                </dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
    </Layout>
  );
}

/**
 * The erasure page: a form for the erasure code (posted with the site's CSRF token, never in an
 * address), and what was wrong when the code named no concern.
 */
export function ConcernErasePage({
  ctx,
  csrf,
  notFound,
  code = '',
  trackingCode = false,
  expired = false,
  notice,
  codeFault,
}: {
  ctx: PageContext;
  csrf: string;
  notFound: boolean;
  /** The code typed can be no code: why, or that none was typed (said instead of "no question has that code"). */
  codeFault?: ConcernCodeFault | 'missing';
  /** Why the code was not tried (too many tries from the address): said above the form. */
  notice?: string;
  /** The post came without a valid CSRF token: nothing was erased, the code is filled in. */
  expired?: boolean;
  /** The code that named no concern to erase is one's tracking code: say so. */
  trackingCode?: boolean;
  /** The code as typed, given back in the field when it named no concern. */
  code?: string;
}) {
  const { t, lang } = ctx.locale;
  const c = t.concerns;
  const notFoundMessage =
    codeFault === 'missing'
      ? c.eraseCodeMissing
      : codeFault
        ? c.notACode(codeFault)
        : trackingCode
          ? c.eraseNotFoundTrackingCode
          : c.eraseNotFound;
  const problems = [
    ...(expired ? [{ message: c.eraseExpired }] : []),
    ...(notFound ? [{ field: 'code', message: notFoundMessage }] : []),
  ];
  return (
    <Layout
      ctx={ctx}
      title={
        notice
          ? `${c.tooManyTitle}: ${c.eraseTitle}`
          : problems.length
            ? `${t.errors.errorSummary}: ${c.eraseTitle}`
            : c.eraseTitle
      }
    >
      <h1>{c.eraseTitle}</h1>
      <ErrorSummary title={t.errors.errorSummary} problems={problems} />
      <Notice title={c.tooManyTitle} message={notice} />
      <p>{c.eraseIntro}</p>
      <form id={ERASE_FORM} method="post" action={hrefIn(lang, '/concerns/erase')} novalidate>
        <input type="hidden" name="csrf" value={csrf} />
        <CodeField
          label={c.erasureCode}
          hint={c.erasureCodeHint}
          error={notFound ? notFoundMessage : null}
          value={code}
        />
        <button type="submit">{c.erase}</button>
      </form>
      <p>
        <a href={hrefIn(lang, '/concerns/track')}>{c.trackLink}</a>
      </p>
    </Layout>
  );
}

/** The confirmation after an erasure: what is gone and what stays. */
export function ConcernErasedPage({
  ctx,
  erasedAt,
  entry,
}: {
  ctx: PageContext;
  erasedAt: Date;
  entry: { slug: string; title: string } | null;
}) {
  const { t, lang } = ctx.locale;
  const c = t.concerns;
  return (
    <Layout ctx={ctx} title={c.erasedTitle}>
      <h1>{c.erasedTitle}</h1>
      <p id="erased">{c.erased}</p>
      <dl class="fields">
        <div class="row">
          <dt>{c.erasedAt}</dt>
          <dd>
            <Moment locale={ctx.locale} at={erasedAt} />
          </dd>
        </div>
        {entry ? (
          <div class="row">
            <dt>{c.entry}</dt>
            <dd>
              <a href={hrefIn(lang, `/entries/${entry.slug}`)}>{entry.title}</a>
            </dd>
          </div>
        ) : null}
      </dl>
      <p>
        <a href={hrefIn(lang, '/concerns/track')}>{c.trackLink}</a>
      </p>
    </Layout>
  );
}

/** The one field of the tracking and erasure forms: a code, with its hint and any error. */
function CodeField({
  label,
  hint,
  error,
  value,
}: {
  label: string;
  hint: string;
  error: string | null;
  value: string;
}) {
  return (
    <div class="field">
      <label for="code">{label}</label>
      <p class="hint" id="code-hint">
        {hint}
      </p>
      {error ? (
        <p class="field-error" id="code-error">
          {error}
        </p>
      ) : null}
      <input
        type="text"
        id="code"
        name="code"
        value={withRefusedCharactersMarked(value)}
        autocomplete="off"
        spellcheck={false}
        maxLength={64}
        aria-describedby={error ? 'code-hint code-error' : 'code-hint'}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  );
}
