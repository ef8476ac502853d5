import { SENT_COOKIE } from '../concerns/site-concerns.controller';
import { CSRF_COOKIE } from '../concerns/site-csrf';
import { formatDay } from './format';
import { Layout } from './layout';
import { hrefIn, PageContext } from './page-context';

/**
 * What the two statements say of this registry: who runs it, where readers reach them, how
 * long a resident's e-mail address is kept, and which third party a reader's browser may reach.
 */
export interface StatementSettings {
  organisationName: string;
  /** The message function for accessibility problems (https or mailto:); null: not set. */
  accessibilityFeedbackUrl: string | null;
  /** The data protection officer's contact (https or mailto:); null: not set. */
  privacyContactUrl: string | null;
  contactRetentionDays: number;
  /** The origin of the interactive map's tiles, which readers' browsers reach; null: no tiles. */
  mapTileOrigin: string | null;
}

/**
 * When the accessibility statement was last checked against the site (the DOS law asks for the
 * dates of the assessment and of the last update). Change it with the statement's text, after
 * checking the site again.
 */
export const ACCESSIBILITY_ASSESSED = '2026-12-04';

const DIGG_REPORT = 'https://www.digg.se/tdosanmalan';
const IMY = 'https://www.imy.se/';

/** A contact address as a link: an e-mail address shown as itself, a form by its purpose. */
function Contact({ url, label, byAddress }: { url: string; label: string; byAddress: string }) {
  if (url.toLowerCase().startsWith('mailto:')) {
    const address = url.slice('mailto:'.length);
    return (
      <p>
        {byAddress} <a href={url}>{address}</a>.
      </p>
    );
  }
  return (
    <p>
      <a href={url}>{label}</a>
    </p>
  );
}

/**
 * The accessibility statement every public body's website must have (Swedish DOS law, EU
 * directive 2016/2102): compliance, known shortcomings, a message function, the supervisory
 * authority, the method and dates. Linked from every page's footer.
 */
export function AccessibilityPage({
  ctx,
  settings,
}: {
  ctx: PageContext;
  settings: StatementSettings;
}) {
  const { locale } = ctx;
  const a = locale.t.accessibility;
  return (
    <Layout ctx={ctx} title={a.title}>
      <h1>{a.title}</h1>
      <p class="lead">{a.intro(settings.organisationName)}</p>
      <h2>{a.statusTitle}</h2>
      <p>{a.status}</p>
      <h2>{a.knownTitle}</h2>
      <ul>
        {a.known.map((item) => (
          <li>{item}</li>
        ))}
      </ul>
      <p>{a.map}</p>
      <h2>{a.feedbackTitle}</h2>
      <p>{a.feedback}</p>
      {settings.accessibilityFeedbackUrl ? (
        <Contact
          url={settings.accessibilityFeedbackUrl}
          label={a.feedbackLink}
          byAddress={a.feedbackByAddress}
        />
      ) : (
        <p>{a.feedbackNone(settings.organisationName)}</p>
      )}
      <h2>{a.supervisionTitle}</h2>
      <p>{a.supervision}</p>
      <p>
        <a href={DIGG_REPORT} hrefLang="sv">
          {a.supervisionLink}
        </a>
      </p>
      <h2>{a.methodTitle}</h2>
      <p>{a.method}</p>
      <p>
        {a.assessed(formatDay(locale, ACCESSIBILITY_ASSESSED))}{' '}
        {a.updated(formatDay(locale, ACCESSIBILITY_ASSESSED))}
      </p>
    </Layout>
  );
}

/**
 * What the registry does with personal data (GDPR Article 13, at collection: a concern's text
 * and e-mail address) and which cookies it sets (both strictly necessary, so no consent banner).
 * Linked from every page's footer and from the concern form.
 */
export function PrivacyPage({ ctx, settings }: { ctx: PageContext; settings: StatementSettings }) {
  const { t, lang } = ctx.locale;
  const p = t.privacy;
  // Over https the cookies carry the `__Host-` prefix (site-csrf.ts, the concern controller).
  const prefix = ctx.publicUrl?.startsWith('https:') ? '__Host-' : '';
  return (
    <Layout ctx={ctx} title={p.title}>
      <h1>{p.title}</h1>
      <p class="lead">{p.controller(settings.organisationName)}</p>
      <h2>{p.readingTitle}</h2>
      <p>{p.reading}</p>
      {settings.mapTileOrigin ? <p>{p.tiles(settings.mapTileOrigin)}</p> : null}
      <h2>{p.concernsTitle}</h2>
      <p>{p.concerns}</p>
      <p>{p.concernsEmail(settings.contactRetentionDays)}</p>
      <p>{p.concernsText}</p>
      <p>
        {p.concernsErase} <a href={hrefIn(lang, '/concerns/erase')}>{p.eraseLink}</a>
      </p>
      <h2>{p.rightsTitle}</h2>
      <p>{p.rights}</p>
      {settings.privacyContactUrl ? (
        <Contact
          url={settings.privacyContactUrl}
          label={p.contact}
          byAddress={p.contactByAddress}
        />
      ) : (
        <p>{p.contactNone(settings.organisationName)}</p>
      )}
      <p>
        {p.complaint} <a href={IMY}>{p.complaintLink}</a>.
      </p>
      <h2>{p.cookiesTitle}</h2>
      <p>{p.cookies}</p>
      <dl>
        <dt>
          <code>{`${prefix}${CSRF_COOKIE}`}</code>
        </dt>
        <dd>{p.cookieCsrf}</dd>
        <dt>
          <code>{`${prefix}${SENT_COOKIE}`}</code>
        </dt>
        <dd>{p.cookieSent}</dd>
      </dl>
    </Layout>
  );
}
