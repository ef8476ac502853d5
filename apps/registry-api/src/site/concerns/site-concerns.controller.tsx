import { randomBytes } from 'node:crypto';
import { Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request, Response } from 'express';
import {
  acceptsConcerns,
  CONCERN_LIMITS,
  CONCERN_SUBMISSION_RESEND_MS,
  ConcernCategory,
  ConcernErasedSubmissionError,
  ConcernLanguage,
  ConcernsService,
  ConcernSubmissionExpiredError,
  ConcernCodeFault,
  MAX_TYPED_CODE,
  concernCodeFault,
  contactEmailFault,
} from '@insyn/concerns';
import {
  BadInputError,
  bidiControlIn,
  hasVisibleText,
  normalizePlainText,
  plainTextProblem,
  refusedCharacterIn,
} from '@insyn/errors';
import type { EntryView } from '@insyn/registry';
import { ConcernThrottle } from '../../concerns/concern-throttle';
import { answersOf, earlierAnswersOf } from '../../concerns/concern.mapper';
import { FileConcernInput } from '../../concerns/concern.inputs';
import { RateLimitedError } from '../../graphql/rate-limited.error';
import type { Messages, SiteLanguage } from '../i18n/messages';
import { localeOf } from '../i18n/messages';
import { PublicSiteReader } from '../public-site.reader';
import { siteLanguageOf } from '../site-errors';
import { SiteExceptionFilter } from '../site-exception.filter';
import { SiteRenderer } from '../site-renderer';
import {
  CONCERN_FORM,
  ERASE_FORM,
  RECEIPT_FORM,
  SHOWN,
  SHOWN_FIELD,
  TRACK_FORM,
  ConcernErasedPage,
  ConcernErasePage,
  ConcernFormPage,
  ConcernFormProblem,
  ConcernFormValues,
  ConcernReceiptPage,
  ConcernTrackPage,
  TrackedConcernView,
} from '../views/concern.pages';
import { titleOf } from '../views/format';
import { hrefIn, LANGUAGE_SWITCH } from '../views/page-context';
import { ErrorPage } from '../views/pages';
import { cookieOf, CSRF_FIELD, SiteCsrf } from './site-csrf';
import { PublicPages } from '../../auth/roles.decorator';

const FIELDS: (keyof ConcernFormValues)[] = [
  'principleCodes',
  'category',
  'text',
  'contactEmail',
  'language',
  'consentToPublish',
];

/**
 * Residents' concerns on the site, without JavaScript: the form on each published entry, the
 * receipt with the codes, the tracking page and the erasure page. The same checks, limits and throttle as the
 * GraphQL `fileConcern` and `concern`: the API's input class validates first (nothing is counted
 * for a form with mistakes, as the API's validation pipe counts nothing), then the concerns
 * service (which checks again, and counts a new concern on the throttle, not a form sent again).
 * Posts carry a signed double-submit CSRF token.
 */
@PublicPages()
@Controller(':lang')
@UseFilters(SiteExceptionFilter)
export class SiteConcernsController {
  constructor(
    private readonly reader: PublicSiteReader,
    private readonly renderer: SiteRenderer,
    private readonly concerns: ConcernsService,
    private readonly throttle: ConcernThrottle,
    private readonly csrf: SiteCsrf,
  ) {}

  @Get('entries/:slug/concerns/new')
  async form(
    @Param('lang') lang: string,
    @Param('slug') slug: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const language = siteLanguageOf(lang);
    const view = await this.reader.entryOr404(slug);
    if (!acceptsConcerns(view.entry)) return this.closed(req, res, language, 404);
    const values: ConcernFormValues = {
      principleCodes: [],
      category: '',
      text: '',
      contactEmail: '',
      language,
      consentToPublish: false,
      // After Send, Back shows this form again and the browser fills in what was typed: with the
      // submission just sent, sending it again unchanged files nothing new.
      submission: sentSubmission(req) ?? newSubmission(),
    };
    await this.sendForm(req, res, language, view, values, [], 200);
  }

  /**
   * The language switch of a filled-in form (a submit button of the form, posting here in the
   * other language): the same form back, filled in as posted, in this language. Files nothing,
   * validates nothing, keeps nothing: the values live only in the form. The submission id goes
   * along, so sending afterwards (or again, after Back) files one concern.
   */
  @Post('entries/:slug/concerns/new')
  async switchLanguage(
    @Param('lang') lang: string,
    @Param('slug') slug: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const language = siteLanguageOf(lang);
    const body = (req.body ?? {}) as Record<string, unknown>;
    // Another site's post gets nothing back, not even its own text (as for filing).
    if (!this.csrf.valid(req, body[CSRF_FIELD]) && this.csrf.crossOrigin(req))
      return this.forbidden(req, res, language, (c) => c.forbidden);
    const view = await this.reader.entryOr404(slug);
    if (!acceptsConcerns(view.entry)) return this.closed(req, res, language, 409);
    await this.sendForm(req, res, language, view, formValues(body), [], 200);
  }

  /**
   * The address a sent (or refused) form leaves in the address bar, asked for again (Enter in
   * the address bar, a bookmark, a shared link): the form, not a page that says none exists.
   */
  @Get('entries/:slug/concerns')
  toForm(@Param('lang') lang: string, @Param('slug') slug: string, @Res() res: Response) {
    const language = siteLanguageOf(lang);
    this.renderer.redirect(
      res,
      hrefIn(language, `/entries/${encodeURIComponent(slug)}/concerns/new`),
      302,
      'page',
    );
  }

  @Post('entries/:slug/concerns')
  async file(
    @Param('lang') lang: string,
    @Param('slug') slug: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    const language = siteLanguageOf(lang);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const fromOurForm = this.csrf.valid(req, body[CSRF_FIELD]);
    // Another site's post gets nothing back, not even its own text.
    if (!fromOurForm && this.csrf.crossOrigin(req))
      return this.forbidden(req, res, language, (c) => c.forbidden);
    const view = await this.reader.entryOr404(slug);
    // Retired since the form was opened (the form is not offered for a retired entry).
    if (!acceptsConcerns(view.entry)) return this.closed(req, res, language, 409);
    const values = formValues(body);
    // The resident's own form whose cookie is gone (a browser restarted, cookies cleared): saved
    // nothing, and comes back filled in with a fresh token, so what they wrote is not lost.
    if (!fromOurForm) return this.sendForm(req, res, language, view, values, [], 403, true);
    const input = {
      entryId: view.entry.id,
      principleCodes: values.principleCodes,
      category: values.category as ConcernCategory,
      text: values.text,
      contactEmail: values.contactEmail.trim() === '' ? null : values.contactEmail,
      language: values.language as ConcernLanguage,
      consentToPublish: values.consentToPublish,
    };
    const errors = await validate(plainToInstance(FileConcernInput, input));
    const invalid = new Set(errors.map((e) => e.property));
    // A field of one value sent as anything but one text (twice, or `contactEmail[x]=…`: no
    // form of ours does) is refused, not read as empty: an address would be dropped unsaid.
    for (const field of ['category', 'text', 'contactEmail', 'language'] as const)
      if (body[field] !== undefined && typeof body[field] !== 'string') invalid.add(field);
    // The text rule the GraphQL API applies to every string it is sent, before the throttle
    // counts anything (as there): no control, direction or unpaired surrogate characters.
    for (const field of FIELDS) {
      const value = values[field];
      const strings = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
      if (strings.some((v) => plainTextProblem(v.replace(/\r\n/g, '\n')))) invalid.add(field);
    }
    if (invalid.size) return this.refuse(req, res, language, view, values, invalid);
    try {
      // Send pressed twice, or the receipt reloaded: the same concern and codes, not a second
      // one, and neither counted nor refused by the throttle, which counts new concerns only.
      const receipt = await this.concerns.file(input, {
        submission: { id: values.submission },
        admit: () => this.throttle.fileConcern(req),
        unadmit: () => this.throttle.fileConcernUndone(req),
      });
      rememberSent(req, res, values.submission);
      this.sendReceipt(req, res, language, view, receipt);
    } catch (error) {
      // Too many from the address: nothing sent, and the form comes back as written, so the
      // resident can send it later without writing it again.
      if (error instanceof RateLimitedError) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
        const c = this.renderer.context(language, req).locale.t.concerns;
        return this.sendForm(req, res, language, view, values, [], 429, false, {
          notice: c.tooManyKept(error.retryAfterSeconds),
        });
      }
      if (error instanceof ConcernErasedSubmissionError)
        return this.sentBefore(req, res, language, view, values.submission, 'erased');
      if (error instanceof ConcernSubmissionExpiredError)
        return this.sentBefore(req, res, language, view, values.submission, 'expired');
      if (error instanceof BadInputError) {
        const fields = new Set(error.fields.map((f) => f.field.replace(/^input\./, '')));
        return this.refuse(req, res, language, view, values, fields);
      }
      throw error;
    }
  }

  /**
   * The receipt's language switch: the receipt again, in this language, when the codes it posts
   * (by POST with the site's CSRF token, so they stay out of addresses, logs and Referer) are one
   * concern's, not erased, filed within the hour in which its form sent again shows them too.
   * Anything else gets the empty tracking form, as a link to it would: no code is shown or told
   * of. Not counted on the budget for unknown codes: the page is the same whichever code is
   * wrong, so it tells a guesser nothing, and an erased question's switch costs its resident none.
   */
  @Post('concerns/receipt')
  async receiptAgain(@Param('lang') lang: string, @Req() req: Request, @Res() res: Response) {
    const language = siteLanguageOf(lang);
    if (this.csrf.crossOrigin(req))
      return this.forbidden(req, res, language, (c) => c.trackForbidden);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const { trackingCode, erasureCode } = body;
    // Only codes as the receipt writes them (its hidden fields): nothing else is shown back.
    if (
      !this.csrf.valid(req, body[CSRF_FIELD]) ||
      typeof trackingCode !== 'string' ||
      typeof erasureCode !== 'string' ||
      !RECEIPT_CODE.test(trackingCode) ||
      !RECEIPT_CODE.test(erasureCode)
    )
      return this.sendTrackForm(req, res, language);
    const concern = await this.concerns.receipt(trackingCode, erasureCode);
    const view = concern ? await this.reader.entry(concern.entryId) : null;
    if (!concern || !view) return this.sendTrackForm(req, res, language);
    this.sendReceipt(req, res, language, view, { trackingCode, erasureCode });
  }

  /** The receipt's address asked for by GET (Enter in the address bar): the tracking page. */
  @Get('concerns/receipt')
  toTrack(@Param('lang') lang: string, @Res() res: Response) {
    this.renderer.redirect(res, hrefIn(siteLanguageOf(lang), '/concerns/track'), 302, 'page');
  }

  /**
   * The receipt with the codes, never cached. Its language switch posts them (its form's hidden
   * fields, with a CSRF token) to the other language's receipt, which shows them again; its
   * canonical address is the tracking page's, where the codes are used.
   */
  private sendReceipt(
    req: Request,
    res: Response,
    language: SiteLanguage,
    view: EntryView,
    codes: { trackingCode: string; erasureCode: string },
  ) {
    const csrf = this.csrf.issue(req, res);
    const ctx = {
      ...this.renderer.context(language, req),
      here: '/concerns/receipt',
      canonical: '/concerns/track',
      switchForm: RECEIPT_FORM,
    };
    this.renderer.html(
      req,
      res,
      <ConcernReceiptPage
        ctx={ctx}
        entry={{ slug: view.entry.slug, title: titleOf(view, language).text }}
        trackingCode={codes.trackingCode}
        erasureCode={codes.erasureCode}
        csrf={csrf}
      />,
      // The codes are shown to the resident alone: no cache may keep them.
      { cache: 'none' },
    );
  }

  @Get('concerns/track')
  trackForm(@Param('lang') lang: string, @Req() req: Request, @Res() res: Response) {
    this.sendTrackForm(req, res, siteLanguageOf(lang));
  }

  /** The empty form, or the code as typed (the language switch; a post without a valid token). */
  private sendTrackForm(
    req: Request,
    res: Response,
    language: SiteLanguage,
    code = '',
    expired = false,
  ) {
    const page = { concern: null, notFound: false, code, expired };
    this.sendTrackPage(req, res, language, page, expired ? 403 : 200);
  }

  /**
   * The tracking page, whatever it says, with the reader's CSRF token in its form (so the next
   * code, or the language switch, can be sent from it). Never cached: it carries the cookie,
   * and may show a concern.
   */
  private sendTrackPage(
    req: Request,
    res: Response,
    language: SiteLanguage,
    page: Omit<Parameters<typeof ConcernTrackPage>[0], 'ctx' | 'csrf'>,
    status: number,
  ) {
    const csrf = this.csrf.issue(req, res);
    this.renderer.html(
      req,
      res,
      <ConcernTrackPage ctx={this.trackContext(language, req)} csrf={csrf} {...page} />,
      { status, cache: 'none' },
    );
  }

  /** The tracking page's context: its language switch posts the code typed (see PageContext). */
  private trackContext(language: SiteLanguage, req: Request) {
    return { ...this.renderer.context(language, req), switchForm: TRACK_FORM };
  }

  /**
   * By POST with the site's CSRF token: the code stays out of addresses, logs and histories, and
   * each unknown code spends the address's budget that tracking and erasure share, which another
   * site's hidden forms must not spend for the resident (locking them out of both). So a post
   * without a valid token looks up and counts nothing: one the browser says came from another
   * origin gets a bare 403; the resident's own form whose cookie is gone (a browser restarted)
   * comes back with their code and a fresh token (403), as the erasure form does. The token
   * covers what the Origin and Fetch Metadata checks alone leave open: a browser sending neither.
   */
  @Post('concerns/track')
  async track(@Param('lang') lang: string, @Req() req: Request, @Res() res: Response) {
    const language = siteLanguageOf(lang);
    if (this.csrf.crossOrigin(req))
      return this.forbidden(req, res, language, (c) => c.trackForbidden);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const code = typedCode(body.code);
    // The language switch: the form back with the code as typed, looked up (and counted) only
    // when the resident sends it (so, as on the erasure form, it needs no token). From a page
    // that showed the concern (its form says so), it shows the same concern in the other
    // language: the code is looked up again, as when sent.
    const switching = body[LANGUAGE_SWITCH] !== undefined;
    if (switching && body[SHOWN_FIELD] !== SHOWN)
      return this.sendTrackForm(req, res, language, code);
    if (!this.csrf.valid(req, body[CSRF_FIELD]))
      return this.sendTrackForm(req, res, language, code, true);
    // Sent without a code: asked for one, and not counted as a guess.
    if (code === '')
      return this.sendTrackPage(
        req,
        res,
        language,
        { concern: null, notFound: true, missing: true, code: '' },
        400,
      );
    // No code can be this (a character no code has, or too few or many): said, not counted
    // as a guess (it names no concern, whatever the codes are).
    const codeFault = concernCodeFault(code);
    if (codeFault)
      return this.sendTrackPage(
        req,
        res,
        language,
        { concern: null, notFound: true, code, codeFault },
        400,
      );
    try {
      await this.throttle.codeLookup(req);
    } catch (error) {
      if (error instanceof RateLimitedError)
        return this.tooMany(req, res, language, error, 'track', code);
      throw error;
    }
    const concern = await this.concerns.track(code);
    if (!concern) {
      // The receipt shows two codes: the resident may well have given the other one.
      const erasureCode = await this.concerns.isErasureCode(code);
      // The code comes back as typed (never cached), so a slip in it can be seen and mended.
      return this.sendTrackPage(
        req,
        res,
        language,
        { concern: null, notFound: true, code, erasureCode },
        404,
      );
    }
    await this.throttle.codeFound(req);
    const entry = await this.reader.entry(concern.entryId);
    const answers = answersOf(concern);
    const tracked: TrackedConcernView = {
      status: concern.status,
      category: concern.category,
      filedAt: concern.filedAt,
      // As GraphQL's concern(trackingCode): an answer given before a reopening, or a wording
      // amended since, is an earlier one.
      ...answers,
      earlierAnswers: earlierAnswersOf(
        await this.concerns.answerHistory(concern.id),
        answers.answer !== null,
      ),
      rejectionReason: concern.rejectionReason,
      rejectionReasonLanguage: concern.rejectionReasonLanguage,
      // That it was erased, and when: as GraphQL's concern(trackingCode) says (never the text).
      erasedAt: concern.erasedAt,
      entry: entry ? { slug: entry.entry.slug, title: titleOf(entry, language).text } : null,
      language: concern.language,
    };
    // The code stays in its field, so that the language switch can show the concern again.
    this.sendTrackPage(req, res, language, { concern: tracked, notFound: false, code }, 200);
  }

  @Get('concerns/erase')
  eraseForm(@Param('lang') lang: string, @Req() req: Request, @Res() res: Response) {
    this.sendEraseForm(req, res, siteLanguageOf(lang), false);
  }

  /**
   * The resident's erasure code erases their text and contact, as the GraphQL `eraseConcern`:
   * by POST with the site's CSRF token (the code stays out of addresses, logs and histories),
   * the same throttle for unknown codes, never cached.
   */
  @Post('concerns/erase')
  async erase(@Param('lang') lang: string, @Req() req: Request, @Res() res: Response) {
    const language = siteLanguageOf(lang);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const code = typedCode(body.code);
    // The language switch: the form back with the code as typed, erasing nothing (another
    // site's post gets nothing back, as below).
    if (body[LANGUAGE_SWITCH] !== undefined) {
      if (!this.csrf.valid(req, body[CSRF_FIELD]) && this.csrf.crossOrigin(req))
        return this.forbidden(req, res, language, (c) => c.eraseForbidden);
      return this.sendEraseForm(req, res, language, false, code);
    }
    if (!this.csrf.valid(req, body[CSRF_FIELD])) {
      // Another site's post gets nothing back; the resident's own form whose cookie is gone
      // comes back with their code and a fresh token, having erased nothing.
      if (this.csrf.crossOrigin(req))
        return this.forbidden(req, res, language, (c) => c.eraseForbidden);
      return this.sendEraseForm(req, res, language, false, code, false, true);
    }
    // Sent without a code: asked for one, and not counted as a guess (as the tracking form).
    if (code === '')
      return this.sendEraseForm(req, res, language, true, '', false, false, undefined, 'missing');
    // No code can be this: said, not counted as a guess (it names no concern).
    const codeFault = concernCodeFault(code);
    if (codeFault)
      return this.sendEraseForm(req, res, language, true, code, false, false, undefined, codeFault);
    try {
      await this.throttle.codeLookup(req);
    } catch (error) {
      if (error instanceof RateLimitedError)
        return this.tooMany(req, res, language, error, 'erase', code);
      throw error;
    }
    const concern = await this.concerns.erase(code);
    if (!concern) {
      // The receipt shows two codes: the resident may well have given the other one.
      const trackingCode = (await this.concerns.track(code)) !== null;
      return this.sendEraseForm(req, res, language, true, code, trackingCode);
    }
    await this.throttle.codeFound(req);
    const entry = await this.reader.entry(concern.entryId);
    this.renderer.html(
      req,
      res,
      <ConcernErasedPage
        // The language switch leads to the form (a GET), not to the post.
        ctx={{ ...this.renderer.context(language, req), here: '/concerns/erase' }}
        erasedAt={concern.erasedAt!}
        entry={entry ? { slug: entry.entry.slug, title: titleOf(entry, language).text } : null}
      />,
      { cache: 'none' },
    );
  }

  /**
   * The form of a concern the resident has erased, sent again (Back, Send): nothing was filed.
   * Not the codes again, nor anything else of the erased concern (not when it was erased): that
   * it was erased at their request, and a new form (the browser forgets the submission, so the
   * form is a new one) should they want to ask anew. Not filed anew from here: a form the browser
   * kept is no request to undo an erasure, and the text and address were erased on request.
   * The same for a form sent again more than an hour after it filed its concern: the codes were
   * shown then, and the next person at a shared computer must not bring them up with Back.
   */
  private sentBefore(
    req: Request,
    res: Response,
    language: SiteLanguage,
    view: EntryView,
    submission: string,
    why: 'erased' | 'expired',
  ) {
    // Only if it is this one: a concern sent since, from another form, keeps its own.
    if (sentSubmission(req) === submission) forgetSent(req, res);
    const ctx = { ...this.renderer.context(language, req), here: formPath(view) };
    const c = ctx.locale.t.concerns;
    this.renderer.html(
      req,
      res,
      <ErrorPage
        ctx={ctx}
        title={why === 'erased' ? c.erasedSubmissionTitle : c.expiredSubmissionTitle}
        message={why === 'erased' ? c.erasedSubmission : c.expiredSubmission}
        links={[[hrefIn(language, formPath(view)), c.writeAnew]]}
      />,
      { status: 409, cache: 'none' },
    );
  }

  /** A post without a valid CSRF token: 403, saying that nothing was saved or erased. */
  private forbidden(
    req: Request,
    res: Response,
    language: SiteLanguage,
    message: (c: Messages['concerns']) => string,
  ) {
    const ctx = this.renderer.context(language, req);
    const c = ctx.locale.t.concerns;
    this.renderer.html(
      req,
      res,
      <ErrorPage ctx={ctx} title={c.forbiddenTitle} message={message(c)} />,
      { status: 403, cache: 'none' },
    );
  }

  private sendEraseForm(
    req: Request,
    res: Response,
    language: SiteLanguage,
    notFound: boolean,
    code = '',
    trackingCode = false,
    expired = false,
    notice?: string,
    codeFault?: ConcernCodeFault | 'missing',
  ) {
    const csrf = this.csrf.issue(req, res);
    this.renderer.html(
      req,
      res,
      <ConcernErasePage
        ctx={{
          ...this.renderer.context(language, req),
          here: '/concerns/erase',
          switchForm: ERASE_FORM,
        }}
        csrf={csrf}
        notFound={notFound}
        code={code}
        trackingCode={trackingCode}
        expired={expired}
        notice={notice}
        codeFault={codeFault}
      />,
      // Carries the reader's CSRF cookie: never from a shared cache.
      {
        status: notice ? 429 : expired ? 403 : codeFault ? 400 : notFound ? 404 : 200,
        cache: 'none',
      },
    );
  }

  /** The entry is public but takes no concerns (retired): said as such, not as a form error. */
  private closed(req: Request, res: Response, language: SiteLanguage, status: 404 | 409) {
    const ctx = this.renderer.context(language, req);
    const c = ctx.locale.t.concerns;
    this.renderer.html(req, res, <ErrorPage ctx={ctx} title={c.closedTitle} message={c.closed} />, {
      status,
      cache: 'none',
    });
  }

  private async refuse(
    req: Request,
    res: Response,
    language: SiteLanguage,
    view: EntryView,
    values: ConcernFormValues,
    fields: Set<string>,
  ) {
    const p = this.renderer.context(language, req).locale.t.concerns.problems;
    const direction = bidiControlIn(values.text);
    const messages: Partial<Record<keyof ConcernFormValues, string>> = {
      principleCodes: p.principleCodes(CONCERN_LIMITS.principles),
      category: p.category,
      // A direction character is invisible in the form: name it, or the resident cannot find it.
      text: direction
        ? p.textDirection(direction)
        : textRefused(values.text)
          ? p.textControl(textRefused(values.text)!)
          : textProblem(p, values.text),
      contactEmail: contactEmailMessage(p, values.contactEmail),
      language: p.language,
    };
    const problems: ConcernFormProblem[] = FIELDS.flatMap((field) => {
      const message = messages[field];
      return fields.has(field) && message ? [{ field, message }] : [];
    });
    await this.sendForm(req, res, language, view, values, problems, 400);
  }

  private async sendForm(
    req: Request,
    res: Response,
    language: SiteLanguage,
    view: EntryView,
    values: ConcernFormValues,
    problems: ConcernFormProblem[],
    status: number,
    expired = false,
    { notice }: { notice?: string } = {},
  ) {
    const principles = await this.reader.principles();
    const csrf = this.csrf.issue(req, res);
    this.renderer.html(
      req,
      res,
      <ConcernFormPage
        // The language switch posts the form, as typed, to the other language's form route
        // (also from a refused post); it files nothing there.
        ctx={{
          ...this.renderer.context(language, req),
          here: formPath(view),
          switchForm: CONCERN_FORM,
        }}
        entry={{ slug: view.entry.slug, title: titleOf(view, language).text }}
        principles={principles}
        values={values}
        problems={problems}
        expired={expired}
        notice={notice}
        csrf={csrf}
        limits={CONCERN_LIMITS}
      />,
      // Carries the reader's CSRF cookie: never from a shared cache.
      { status, cache: 'none' },
    );
  }

  /**
   * Too many unknown codes from the address: the wait in minutes, above the form with the code
   * as typed (not tried), so the resident sends it again later without typing it anew.
   */
  private tooMany(
    req: Request,
    res: Response,
    language: SiteLanguage,
    error: RateLimitedError,
    form: 'track' | 'erase',
    code: string,
  ) {
    const notice = localeOf(language).t.concerns.tooMany(error.retryAfterSeconds);
    res.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (form === 'erase')
      return this.sendEraseForm(req, res, language, false, code, false, false, notice);
    this.sendTrackPage(req, res, language, { concern: null, notFound: false, code, notice }, 429);
  }
}

/** The invisible character the text rule refuses in the text (a CRLF line break is fine). */
const textRefused = (text: string) => refusedCharacterIn(text.replace(/\r\n/g, '\n'));

/** What is wrong with the text: missing, too long (by how much, counted as the API counts), or else. */
function textProblem(p: Messages['concerns']['problems'], typed: string): string {
  const text = normalizePlainText(typed);
  // Empty, or only characters that do not show (zero-width spaces): nothing written.
  if (!hasVisibleText(text)) return p.textEmpty;
  // As class-validator's MaxLength counts: code points, variation selectors not counted.
  const length = [...text].length - (text.match(/[\uFE0E\uFE0F]/g)?.length ?? 0);
  if (length > CONCERN_LIMITS.text) return p.textTooLong(length, CONCERN_LIMITS.text);
  return p.text(CONCERN_LIMITS.text);
}

function formPath(view: EntryView): string {
  return `/entries/${view.entry.slug}/concerns/new`;
}

const SUBMISSION = /^[A-Za-z0-9_-]{22}$/;

/** A code as the receipt shows it: five groups of five, of the codes' alphabet. */
const RECEIPT_CODE = /^(?:[0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{5}$/;

/** A new form's submission id: 128 random bits. */
const newSubmission = () => randomBytes(16).toString('base64url');

/**
 * The cookie that names the submission this browser last sent (HttpOnly, SameSite=Strict, an
 * hour; `__Host-` over https, as the CSRF cookie): a form opened in that hour carries it, so the
 * form Back brings up again, filled in by the browser, files nothing new when sent unchanged.
 * Other words, another entry or another choice are another concern, as for any form. It holds
 * the id alone, never what was typed.
 */
export const SENT_COOKIE = 'insyn_sent';
const SENT_SECONDS = CONCERN_SUBMISSION_RESEND_MS / 1000;
const sentCookieName = (req: Request) => (req.secure ? `__Host-${SENT_COOKIE}` : SENT_COOKIE);

function sentSubmission(req: Request): string | null {
  const value = cookieOf(req, sentCookieName(req));
  return value !== null && SUBMISSION.test(value) ? value : null;
}

function rememberSent(req: Request, res: Response, submission: string): void {
  const secure = req.secure ? '; Secure' : '';
  res.append(
    'Set-Cookie',
    `${sentCookieName(req)}=${submission}; Path=/; Max-Age=${SENT_SECONDS}; HttpOnly; SameSite=Strict${secure}`,
  );
}

/** The submission the browser remembers, forgotten (its concern was erased). */
function forgetSent(req: Request, res: Response): void {
  const secure = req.secure ? '; Secure' : '';
  res.append(
    'Set-Cookie',
    `${sentCookieName(req)}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict${secure}`,
  );
}

/** The posted form as strings (a single checkbox arrives as a string, several as an array). */
function formValues(body: Record<string, unknown>): ConcernFormValues {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const submission = str(body.submission);
  const codes = body.principleCodes;
  const list = Array.isArray(codes) ? codes : codes === undefined ? [] : [codes];
  return {
    principleCodes: list.filter((c): c is string => typeof c === 'string'),
    category: str(body.category),
    text: str(body.text),
    contactEmail: str(body.contactEmail),
    language: str(body.language),
    consentToPublish: body.consentToPublish === 'true',
    // A post without one (an older form, a script) is a submission of its own.
    submission: SUBMISSION.test(submission) ? submission : newSubmission(),
  };
}

/** Says what is wrong with the address, naming a character that does not show (control or not). */
function contactEmailMessage(p: Messages['concerns']['problems'], email: string): string {
  const fault = contactEmailFault(email.trim());
  if (fault?.kind === 'invisible') return p.contactEmailInvisible(fault.codePoint, fault.position);
  if (fault?.kind === 'control') return p.contactEmailControl(fault.codePoint, fault.position);
  // Two of them (a third in one part is rarer still): enough to see what to look for.
  if (fault?.kind === 'mixedScripts')
    return p.contactEmailMixedScripts(fault.scripts[0], fault.scripts[1]);
  return p.contactEmail;
}

/**
 * The code as typed in a form, trimmed, and cut (by characters, never inside one) only where it
 * is longer than any code could be, so that what is told of it is what was typed.
 */
function typedCode(value: unknown): string {
  if (typeof value !== 'string') return '';
  const typed = value.trim();
  if (typed.length <= 2 * MAX_TYPED_CODE) return typed;
  const cut = typed.slice(0, 2 * MAX_TYPED_CODE);
  // Not between the two halves of a character beyond the BMP (an emoji).
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
