import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  ANONYMOUS,
  Actor,
  CONTACT_SECRET,
  Role,
  SealBrokenError,
  SecretBox,
  TokenActor,
} from '@insyn/access';
import { AuditAction, AuditLog, RESIDENT_AUDIT_ACTOR } from '@insyn/audit';
import { InsynConfig } from '@insyn/config';
import {
  BadInputError,
  characterCount,
  ConflictError,
  FieldProblem,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  emptyTextProblem,
  normalizePlainText,
  plainTextProblem,
} from '@insyn/errors';
import { MailMessage, mailOutboxBox, sealMail } from '@insyn/mail';
import { cancelMail, enqueueMail, enqueueSearchSync, withdrawMail } from '@insyn/outbox';
import {
  DepartmentsService,
  EntriesRepository,
  EntryStatus,
  PrinciplesService,
  RegistryClock,
} from '@insyn/registry';
import { concernCodeOf, generateConcernCode, normalizeConcernCode } from './concern-codes';
import {
  CONCERN_LIMITS,
  CONCERN_TRANSITIONS,
  ConcernAnswerSupersession,
  ConcernCategory,
  ConcernLanguage,
  ConcernStatus,
  isClosedStatus,
  isOpenStatus,
} from './concern-enums';
import { ConcernMailKind, concernMail, erasureLink, trackingLink } from './concern-mail';
import { concernMailReference } from './concern-mail-reference';
import { contactEmailProblem } from './contact-email';
import { CONCERN_SECRETS, ConcernContact, ConcernSecrets } from './concern-secrets';
import { ConcernAnswerEntity } from './concern-answer.entity';
import { ConcernEntity } from './concern.entity';
import {
  ConcernErasedSubmissionError,
  ConcernSubmissionExpiredError,
  ConcernSubmissionReusedError,
} from './concern.errors';
import {
  ConcernFilter,
  ConcernPage,
  ConcernsRepository,
  DepartmentConcernFigures,
} from './concerns.repository';

/** What a resident files. */
export interface FileConcernInput {
  entryId: string;
  principleCodes: string[];
  category: ConcernCategory;
  text: string;
  contactEmail?: string | null;
  language?: ConcernLanguage | null;
  consentToPublish: boolean;
}

/**
 * A form's submission: a random id the site puts in each concern form it renders. The same
 * submission sent again (Send pressed twice, the receipt reloaded) files nothing new and gets
 * the same codes back within an hour, unless the resident has erased that concern since
 * (`ConcernErasedSubmissionError`, `ConcernSubmissionExpiredError`); a changed form, or a form
 * opened afresh, is a new concern.
 */
export interface ConcernSubmission {
  id: string;
  /**
   * The id stands for one input only (an API client's key): sent with other input it is refused
   * (`ConcernSubmissionReusedError`) instead of filing a new concern, and a keyed hash of it is
   * kept with the concern to tell. Without it (the site's form), changed input is a new concern.
   */
  bindsInput?: boolean;
}

/** What `ConcernsService.file` is told besides the concern itself. */
export interface FileConcernOptions {
  /** The form's submission, when it has one (the site's form). */
  submission?: ConcernSubmission;
  /**
   * The caller's check that a new concern may be filed now (its throttle), run once the filing
   * is known to be new: a submission sent again files nothing, so it is neither counted nor
   * refused by it. What it throws, `file` throws, having filed nothing.
   */
  admit?: () => Promise<void>;
  /**
   * Gives back what `admit` counted, when the filing it let through turns out to be one the same
   * submission had just filed (a double click whose two posts reached two API processes, each
   * past the look for it before either had filed): one concern, counted once.
   */
  unadmit?: () => Promise<void>;
}

/**
 * How long a submission sent again gets its codes back: an hour, as long as the site's
 * `insyn_sent` cookie keeps it. Later, nothing is filed and nothing given back
 * (`ConcernSubmissionExpiredError`): the resident has had the codes; the next person at a shared
 * computer, pressing Back and Send, must not get them.
 */
export const CONCERN_SUBMISSION_RESEND_MS = 60 * 60 * 1000;

/** What the resident gets back: the codes are shown once and never stored in clear. */
export interface ConcernReceipt {
  concern: ConcernEntity;
  trackingCode: string;
  erasureCode: string;
}

/** A department's response; every field but `id` is optional, at least one must be given. */
export interface RespondToConcernInput {
  id: string;
  status?: ConcernStatus | null;
  answer?: string | null;
  reason?: string | null;
  /**
   * The language the answer or reason given is written in. Unless given, the language the
   * resident asked to be answered in for a first answer or a reason, and the standing answer's
   * for an amendment or an answer given again.
   */
  language?: ConcernLanguage | null;
  textPublishable?: boolean | null;
}

/**
 * How long an amendment's e-mail waits before it goes out. A later amendment within it withdraws
 * it (supersedeMail), so however often a department rewords an answer, the resident gets at most
 * one e-mail per quiet period, with the wording that stood through it.
 */
const AMENDED_MAIL_QUIET_SECONDS = 10 * 60;

/** The outbox purposes of the e-mails that carry an answer's wording. */
const ANSWER_MAIL_PURPOSES = ['concern-answered', 'concern-amended'];

/**
 * What each e-mail withdraws of the concern's unsent ones: a new wording the answer e-mails, and
 * an outcome (answered, rejected, closed) the acknowledgement, whose "we will answer" would
 * otherwise arrive after it when it waits for a retry (the dispatcher sends by `available_at`).
 */
const SUPERSEDED_MAIL: Record<ConcernMailKind, string[]> = {
  acknowledged: [],
  answered: ['concern-acknowledged', ...ANSWER_MAIL_PURPOSES],
  amended: ANSWER_MAIL_PURPOSES,
  rejected: ['concern-acknowledged'],
  closed: ['concern-acknowledged'],
};

/**
 * Whether residents may file a concern about an entry the public sees: published and not
 * retired. The service checks it on every filing; the site asks it before offering the form.
 */
export function acceptsConcerns(entry: {
  status: EntryStatus;
  publishedVersionId: string | null;
}): boolean {
  return entry.publishedVersionId !== null && entry.status !== EntryStatus.RETIRED;
}

/** The refusal of a concern about an entry that is not published (or not any more). */
const notAcceptingConcerns = () =>
  new BadInputError([
    { field: 'input.entryId', message: 'only published entries accept concerns' },
  ]);

/**
 * Concerns: residents file, track and erase them anonymously; the owning department answers.
 * Only published entries accept concerns, checked through the registry's visibility (the public
 * view). Each department action is one transaction with its audit row (the concern's id and
 * status only: never text or e-mail), its search outbox row when the concern's open state
 * changes, and its mail outbox row when the resident left an address. A resident's filing and
 * erasure are audited the same way, as `RESIDENT_AUDIT_ACTOR` (no token, no name).
 */
@Injectable()
export class ConcernsService {
  private readonly mailBox: SecretBox;
  private readonly log = new Logger(ConcernsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly concerns: ConcernsRepository,
    private readonly entries: EntriesRepository,
    private readonly principles: PrinciplesService,
    private readonly departments: DepartmentsService,
    private readonly audit: AuditLog,
    private readonly clock: RegistryClock,
    private readonly config: InsynConfig,
    @Inject(CONCERN_SECRETS) private readonly secrets: ConcernSecrets,
    @Inject(CONTACT_SECRET) contactSecret: string,
  ) {
    this.mailBox = mailOutboxBox(contactSecret);
  }

  async file(
    input: FileConcernInput,
    { submission, admit, unadmit }: FileConcernOptions = {},
  ): Promise<ConcernReceipt> {
    const problems: FieldProblem[] = [];
    const text = checkedText(input.text, 'input.text', CONCERN_LIMITS.text, problems);
    const email = input.contactEmail?.trim() || null;
    const emailProblem = email === null ? null : contactEmailProblem(email);
    if (emailProblem)
      problems.push({ field: 'input.contactEmail', message: `contactEmail ${emailProblem}` });
    if (!Object.values(ConcernCategory).includes(input.category))
      problems.push({ field: 'input.category', message: 'category is not a concern category' });
    const language = input.language ?? ConcernLanguage.SV;
    if (!Object.values(ConcernLanguage).includes(language))
      problems.push({ field: 'input.language', message: 'language must be sv or en' });
    const codes = [...new Set(input.principleCodes ?? [])];
    const known = await this.principles.codes();
    if (!codes.length || codes.length > CONCERN_LIMITS.principles)
      problems.push({
        field: 'input.principleCodes',
        message: `name 1 to ${CONCERN_LIMITS.principles} principles`,
      });
    else if (codes.some((code) => !known.has(code)))
      problems.push({ field: 'input.principleCodes', message: 'unknown principle code' });
    if (problems.length) throw new BadInputError(problems);

    // The public's view: null unless the entry is published (drafts and unknown ids alike).
    const entry = await this.entries.findOne(ANONYMOUS, { id: input.entryId });
    if (!entry || !acceptsConcerns(entry.entry)) throw notAcceptingConcerns();

    const derived = submission
      ? this.submissionCodes(submission, {
          entryId: entry.entry.id,
          codes: [...codes].sort(),
          category: input.category,
          text,
          email,
          language,
          consent: input.consentToPublish === true,
        })
      : null;
    const trackingCode = derived?.trackingCode ?? generateConcernCode();
    const erasureCode = derived?.erasureCode ?? generateConcernCode();
    const trackingHash = this.secrets.tracking.digest(normalizeConcernCode(trackingCode)!);
    const submissionHash = submission?.bindsInput
      ? this.secrets.submission.digest(`key\0${submission.id}`)
      : null;
    const now = this.clock.now();
    // The same submission again (Send pressed twice, the receipt reloaded): the concern it
    // filed, found before `admit`, so a throttle spent since does not call it "not sent". A
    // binding submission is looked up by its id alone, so that other input under it is seen
    // (then by its codes: a concern its key filed before the key's hash was kept has none).
    const filedBefore = async () => {
      const bound = submissionHash ? await this.concerns.bySubmissionHash(submissionHash) : null;
      if (bound || !derived) return bound;
      const filed = await this.concerns.byTrackingHash(trackingHash);
      return filed && Object.assign(filed, { trackingHash });
    };
    const sentAgain = (filed: ConcernEntity): ConcernReceipt => {
      // Its concern was filed from other input: nothing of it is given back.
      if (submissionHash && filed.trackingHash !== trackingHash)
        throw new ConcernSubmissionReusedError();
      // Erased at the resident's request since: not filed again (an erasure is not undone by
      // a form the browser kept), and its codes are not handed out again.
      if (filed.erasedAt) throw new ConcernErasedSubmissionError();
      if (now.getTime() - filed.filedAt.getTime() > CONCERN_SUBMISSION_RESEND_MS)
        throw new ConcernSubmissionExpiredError();
      return { concern: withoutSecrets(filed), trackingCode, erasureCode };
    };
    // One at a time per submission in this process: a double click's second post waits for the
    // first to be filed, then finds it (sent again), so the throttle counts it once.
    const done = derived ? await this.submissionTurn(submissionHash ?? trackingHash) : () => {};
    try {
      const before = await filedBefore();
      if (before) return sentAgain(before);
      try {
        await admit?.();
      } catch (error) {
        // Refused, but the same form sent at once (a double click) may have filed it meanwhile.
        const meanwhile = await filedBefore();
        if (meanwhile) return sentAgain(meanwhile);
        throw error;
      }
      const id = randomUUID();
      const contact: ConcernContact | null = email ? { email, trackingCode } : null;
      const concern = Object.assign(new ConcernEntity(), {
        id,
        entryId: entry.entry.id,
        departmentId: entry.entry.departmentId,
        principleCodes: codes,
        category: input.category,
        text,
        consentToPublish: input.consentToPublish === true,
        textPublishable: false,
        contactSealed: contact ? this.secrets.contact.seal(JSON.stringify(contact), id) : null,
        hadContact: contact !== null,
        language,
        status: ConcernStatus.RECEIVED,
        rejectionReason: null,
        rejectionReasonLanguage: null,
        answer: null,
        answerLanguage: null,
        trackingHash,
        erasureHash: this.secrets.erasure.digest(normalizeConcernCode(erasureCode)!),
        submissionHash,
        filedAt: now,
        firstResponseAt: null,
        answeredAt: null,
        answerAmendedAt: null,
        closedAt: null,
        endedAt: null,
        statusChangedAt: now,
        erasedAt: null,
        contactErasedAt: null,
      } satisfies ConcernEntity);
      try {
        await this.dataSource.transaction(async (manager) => {
          // Still published, and kept so until this commits: a retirement committed since the
          // read above, or under way, is waited for and refuses the filing (the entry's row is
          // shared here, and a retirement writes it).
          const [still] = (await manager.query(
            `SELECT status, published_version_id AS "publishedVersionId" FROM entry
            WHERE id = $1 FOR SHARE`,
            [concern.entryId],
          )) as { status: EntryStatus; publishedVersionId: string | null }[];
          if (!still || !acceptsConcerns(still)) throw notAcceptingConcerns();
          await this.concerns.insert(manager, concern);
          await enqueueSearchSync(manager, concern.entryId, 'concern opened');
          // Last: the chain's lock is held to commit. The id and status only, as the public sees.
          await this.recordResidentStep(manager, AuditAction.CONCERN_FILED, concern);
        });
      } catch (error) {
        // The same submission at once, racing past the look above (in another process: this
        // one's take turns): the concern it filed, and this filing's count given back.
        const filed = (error as { code?: string }).code === '23505' ? await filedBefore() : null;
        if (!filed) throw error;
        await unadmit?.();
        return sentAgain(filed);
      }
      return { concern: withoutSecrets(concern), trackingCode, erasureCode };
    } finally {
      done();
    }
  }

  /** Filings of one submission under way in this process, the newest last (see `file`). */
  private readonly submissionsFiling = new Map<string, Promise<void>>();

  /** Waits for the filings of this submission ahead; resolves to the call that ends this one's. */
  private async submissionTurn(key: string): Promise<() => void> {
    const ahead = this.submissionsFiling.get(key) ?? Promise.resolve();
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    const mine = ahead.then(() => ended);
    this.submissionsFiling.set(key, mine);
    await ahead;
    return () => {
      end();
      if (this.submissionsFiling.get(key) === mine) this.submissionsFiling.delete(key);
    };
  }

  /**
   * The codes of a submission: keyed hashes of its id and of everything the resident sent, so
   * only the same form with the same content gives them again. Still 125 bits from a key no
   * one outside the registry holds; the id alone, without the key, gives nothing.
   */
  private submissionCodes(
    submission: ConcernSubmission,
    content: Record<string, unknown>,
  ): { trackingCode: string; erasureCode: string } {
    const seed = JSON.stringify([submission.id, content]);
    const code = (purpose: string) =>
      concernCodeOf(Buffer.from(this.secrets.submission.digest(`${purpose}\0${seed}`), 'hex'));
    return { trackingCode: code('tracking'), erasureCode: code('erasure') };
  }

  /** The concern a tracking code names; null for a code that names none (or cannot be one). */
  async track(trackingCode: string): Promise<ConcernEntity | null> {
    const code = normalizeConcernCode(trackingCode);
    if (!code) return null;
    return this.concerns.byTrackingHash(this.secrets.tracking.digest(code));
  }

  /**
   * The concern of a receipt shown again (the site's receipt in the other language): only when
   * the two codes are one concern's, it is not erased, and it was filed within the hour in which
   * its form sent again shows the codes too. Later, as there, the codes are not shown again: the
   * next person at a shared computer must not bring them up with Back.
   */
  async receipt(trackingCode: string, erasureCode: string): Promise<ConcernEntity | null> {
    const tracking = normalizeConcernCode(trackingCode);
    const erasure = normalizeConcernCode(erasureCode);
    if (!tracking || !erasure) return null;
    const concern = await this.concerns.byCodeHashes(
      this.secrets.tracking.digest(tracking),
      this.secrets.erasure.digest(erasure),
    );
    if (!concern || concern.erasedAt) return null;
    const age = this.clock.now().getTime() - concern.filedAt.getTime();
    return age <= CONCERN_SUBMISSION_RESEND_MS ? concern : null;
  }

  /**
   * Whether a code is a concern's erasure code: the tracking page then says which code the
   * resident gave, instead of that it names nothing. Says nothing the code's holder does not know.
   */
  async isErasureCode(erasureCode: string): Promise<boolean> {
    const code = normalizeConcernCode(erasureCode);
    return code !== null && this.concerns.hasErasureHash(this.secrets.erasure.digest(code));
  }

  /**
   * Erases the resident's text and contact everywhere (the concern, its unsent e-mail); the
   * department's answer stays. Null when the code names no concern. Erasing twice is harmless.
   */
  async erase(erasureCode: string): Promise<ConcernEntity | null> {
    const code = normalizeConcernCode(erasureCode);
    if (!code) return null;
    let contactErased = false;
    const erased = await this.dataSource.transaction(async (manager) => {
      const concern = await this.concerns.lockByErasureHash(
        manager,
        this.secrets.erasure.digest(code),
      );
      if (!concern) return null;
      if (concern.erasedAt) return concern;
      const now = this.clock.now();
      await manager.update(ConcernEntity, concern.id, {
        text: null,
        contactSealed: null,
        textPublishable: false,
        consentToPublish: false,
        erasedAt: now,
        contactErasedAt: concern.hadContact ? (concern.contactErasedAt ?? now) : null,
      });
      await cancelMail(manager, [concernMailReference(concern.id)]);
      // No search sync: the search document holds only whether concerns are open, which an
      // erasure does not change; queued, it would show in the public outbox count (/health)
      // that a resident erased something, perhaps a text that was never public.
      await this.recordResidentStep(manager, AuditAction.CONCERN_ERASED, concern);
      contactErased = concern.hadContact && !concern.contactErasedAt;
      return manager.findOneByOrFail(ConcernEntity, { id: concern.id });
    });
    // Committed: what holds the contact outside the database (the .eml files) may go now.
    if (contactErased) for (const listener of this.contactErasedListeners) listener();
    return erased;
  }

  private readonly contactErasedListeners = new Set<() => void>();

  /**
   * Calls `listener` after a resident's erasure of a concern with a contact has committed (in
   * this process): the concerns worker beside it deletes the concern's `.eml` files then, not at
   * its next sweep. Returns the call that stops it.
   */
  onContactErased(listener: () => void): () => void {
    this.contactErasedListeners.add(listener);
    return () => this.contactErasedListeners.delete(listener);
  }

  /**
   * Every wording of a concern's answer, newest first (the earlier answers are the superseded
   * ones). For a concern the caller already may read: the answers follow the concern.
   */
  async answerHistory(concernId: string): Promise<ConcernAnswerEntity[]> {
    return (await this.concerns.answersByConcerns([concernId])).get(concernId) ?? [];
  }

  /** The department list: editors their department's, reviewers, auditors and admins every one. */
  page(
    actor: Actor,
    request: { filter: ConcernFilter; first: number; after?: string },
  ): Promise<ConcernPage> {
    const reader = this.reader(actor);
    return this.concerns.page(
      { departmentId: reader.role === Role.EDITOR ? reader.departmentId : null },
      { ...request, now: this.clock.now() },
      { withContact: reader.role === Role.EDITOR },
    );
  }

  /**
   * The contact e-mail, for the owning department's editors only (null for everyone else, and
   * once erased). `concern` must come from `page` (which loads the sealed contact for editors).
   */
  contactEmailFor(actor: Actor, concern: ConcernEntity): string | null {
    if (actor.kind !== 'token' || actor.role !== Role.EDITOR) return null;
    if (actor.departmentId !== concern.departmentId || !concern.contactSealed) return null;
    return this.openContact(concern)?.email ?? null;
  }

  /** A department's response: status, answer, rejection reason, the text marked publishable. */
  async respond(actor: Actor, input: RespondToConcernInput): Promise<ConcernEntity> {
    const by = this.writer(actor);
    const problems: FieldProblem[] = [];
    const answer =
      input.answer === undefined || input.answer === null
        ? undefined
        : checkedText(input.answer, 'input.answer', CONCERN_LIMITS.answer, problems);
    const reason =
      input.reason === undefined || input.reason === null
        ? undefined
        : checkedText(input.reason, 'input.reason', CONCERN_LIMITS.reason, problems);
    const status = input.status ?? undefined;
    const language = input.language ?? undefined;
    if (language !== undefined && !Object.values(ConcernLanguage).includes(language))
      problems.push({ field: 'input.language', message: 'is not a concern language (sv, en)' });
    else if (
      language !== undefined &&
      answer === undefined &&
      reason === undefined &&
      status !== ConcernStatus.ANSWERED
    )
      problems.push({
        field: 'input.language',
        message: 'is the language of an answer or a reason: give it with one',
      });
    if (status !== undefined && !Object.values(ConcernStatus).includes(status))
      problems.push({ field: 'input.status', message: 'status is not a concern status' });
    if (status === ConcernStatus.RECEIVED)
      problems.push({ field: 'input.status', message: 'a concern cannot be set back to RECEIVED' });
    if (status === ConcernStatus.REJECTED && reason === undefined)
      problems.push({ field: 'input.reason', message: 'a rejection needs a reason' });
    if (reason !== undefined && status !== ConcernStatus.REJECTED)
      problems.push({ field: 'input.reason', message: 'a reason is given only with REJECTED' });
    if (answer !== undefined && status !== undefined && status !== ConcernStatus.ANSWERED)
      problems.push({ field: 'input.answer', message: 'an answer sets the status ANSWERED' });
    const publishable = input.textPublishable ?? undefined;
    if (status === undefined && answer === undefined && publishable === undefined)
      problems.push({
        field: 'input',
        message: 'give a status, an answer or textPublishable',
      });
    if (problems.length) throw new BadInputError(problems);

    return this.dataSource.transaction(async (manager) => {
      const concern = await this.concerns.lockById(manager, input.id);
      // Another department's concern does not exist for an editor.
      if (!concern || (by.role === Role.EDITOR && by.departmentId !== concern.departmentId))
        throw new NotFoundError('Concern', 'input.id');
      const now = this.clock.now();
      const target = answer !== undefined ? ConcernStatus.ANSWERED : status;
      const changes: Partial<ConcernEntity> = {};
      const events: { action: AuditAction; details: Record<string, unknown> }[] = [];
      // The answer's history: every wording is kept (written before the audit rows).
      const history: ((manager: EntityManager) => Promise<void>)[] = [];
      // The answer's language: as told, else the department's answer's so far (an amendment
      // keeps it), else the one the resident asked for. (The database holds a language exactly
      // where it holds a text: RecordAnswerLanguages1765401700000.)
      const answerLanguage = language ?? concern.answerLanguage ?? concern.language;
      const given = (text: string, supersedes?: ConcernAnswerSupersession) =>
        history.push((m) =>
          this.concerns.addAnswer(
            m,
            {
              concernId: concern.id,
              departmentId: concern.departmentId,
              answer: text,
              language: answerLanguage,
              at: now,
              role: by.role,
            },
            supersedes,
          ),
        );
      let mail: ConcernMailKind | undefined;

      if (target !== undefined && target !== concern.status) {
        if (!CONCERN_TRANSITIONS[concern.status].includes(target))
          throw new ConflictError(`${articled(concern.status)} concern cannot become ${target}`, [
            { field: 'input.status', message: `not allowed from ${concern.status}` },
          ]);
        if (target === ConcernStatus.ANSWERED && answer === undefined && !concern.answer)
          throw new BadInputError([{ field: 'input.answer', message: 'ANSWERED needs an answer' }]);
        changes.status = target;
        changes.statusChangedAt = now;
        changes.firstResponseAt = concern.firstResponseAt ?? now;
        if (target === ConcernStatus.ANSWERED) {
          // Answered, for the first time or again after a reopening: a new answer, from now.
          changes.answeredAt = now;
          changes.answerAmendedAt = null;
          changes.answerLanguage = answerLanguage;
          given(answer ?? concern.answer!);
        }
        // Reopened: the answer that stood is an earlier answer now, and its e-mail, if it has
        // not gone out yet (waiting for a retry), would tell the resident an answer that no
        // longer stands: withdrawn.
        if (concern.status === ConcernStatus.ANSWERED && isOpenStatus(target))
          history.push(async (m) => {
            await this.concerns.supersedeAnswer(
              m,
              concern.id,
              now,
              ConcernAnswerSupersession.REOPENED,
            );
            await withdrawMail(m, concernMailReference(concern.id), ANSWER_MAIL_PURPOSES);
          });
        if (isClosedStatus(target)) changes.closedAt = now;
        // The contact's retention runs from when the concern ended: answered, closed or
        // rejected. ANSWERED then CLOSED ended at the answer; a reopened concern has not ended.
        if (isOpenStatus(target)) changes.endedAt = null;
        else if (isOpenStatus(concern.status)) changes.endedAt = now;
        if (target === ConcernStatus.REJECTED) {
          changes.rejectionReason = reason!;
          changes.rejectionReasonLanguage = language ?? concern.language;
        }
        if (target === ConcernStatus.ACKNOWLEDGED) mail = 'acknowledged';
        if (target === ConcernStatus.ANSWERED) mail = 'answered';
        // Rejected: the resident learns it, and the reason the tracking page shows.
        if (target === ConcernStatus.REJECTED) mail = 'rejected';
        // Closed while open: told, with the answer that stands if there is one. Never answered,
        // the resident would otherwise wait for an answer that never comes (and their address's
        // retention runs from now); reopened and closed with its answer standing again, the
        // review's outcome is that answer, and its own e-mail may never have gone out (withdrawn
        // by the reopening while it waited for a retry). Closed after an answer: the answer they
        // had is the outcome, and no e-mail adds anything to it. Reopening sends none: nothing
        // is asked of the resident, and what the review leads to is told.
        if (target === ConcernStatus.CLOSED && isOpenStatus(concern.status)) mail = 'closed';
        events.push({
          action:
            target === ConcernStatus.ANSWERED
              ? AuditAction.CONCERN_ANSWERED
              : AuditAction.CONCERN_STATUS_CHANGED,
          details: { concernId: concern.id, status: target },
        });
      } else if (target !== undefined && isClosedStatus(concern.status)) {
        throw new ConflictError(`The concern is ${concern.status}`, [
          { field: 'input.status', message: `the concern is already ${concern.status}` },
        ]);
      }
      if (answer !== undefined) {
        if (isClosedStatus(concern.status))
          throw new ConflictError(`${articled(concern.status)} concern cannot be answered`, [
            { field: 'input.answer', message: `the concern is ${concern.status}` },
          ]);
        // Amending the answer of an ANSWERED concern: a new wording, recorded too. When it was
        // answered stays; the wording it replaces is kept as an earlier answer. The same
        // wording again amends nothing.
        if (concern.status === ConcernStatus.ANSWERED && answer !== concern.answer) {
          changes.answer = answer;
          changes.answerLanguage = answerLanguage;
          changes.answerAmendedAt = now;
          changes.statusChangedAt = now;
          given(answer, ConcernAnswerSupersession.AMENDED);
          // The resident who follows it by e-mail is told the answer changed, and how.
          mail = 'amended';
          events.push({
            action: AuditAction.CONCERN_ANSWERED,
            // An auditor tells an amendment from a first answer (or one after a reopening).
            details: { concernId: concern.id, status: ConcernStatus.ANSWERED, amended: true },
          });
        } else if (concern.status !== ConcernStatus.ANSWERED) {
          changes.answer = answer;
          changes.answerLanguage = answerLanguage;
        }
      }
      // The standing answer's language alone corrected (given with the same answer, or with the
      // status it has): mended where it stands. Nothing the resident reads changed, so there is
      // no new wording, no e-mail, and when it was answered or amended stays (the figures count
      // from then); the audit log records the correction.
      if (
        concern.status === ConcernStatus.ANSWERED &&
        language !== undefined &&
        (answer === undefined || answer === concern.answer) &&
        language !== concern.answerLanguage
      ) {
        changes.answerLanguage = language;
        history.push((m) => this.concerns.relabelStandingAnswer(m, concern.id, language));
        events.push({
          action: AuditAction.CONCERN_ANSWERED,
          details: { concernId: concern.id, status: ConcernStatus.ANSWERED, language },
        });
      }
      if (publishable !== undefined && publishable !== concern.textPublishable) {
        if (publishable && (!concern.consentToPublish || concern.text === null))
          throw new ConflictError(
            concern.text === null
              ? 'The resident erased the text'
              : 'The resident did not consent to publishing the text',
            [
              {
                field: 'input.textPublishable',
                message: concern.text === null ? 'the text was erased' : 'no consent to publish',
              },
            ],
          );
        changes.textPublishable = publishable;
        events.push({
          action: AuditAction.CONCERN_TEXT_PUBLICATION_CHANGED,
          details: {
            concernId: concern.id,
            status: changes.status ?? concern.status,
            textPublishable: publishable,
          },
        });
      }
      if (!events.length) return concern;

      await manager.update(ConcernEntity, concern.id, changes);
      for (const write of history) await write(manager);
      // The search document holds whether the entry has open concerns, and nothing else of
      // them: only a change of that is queued (a queued row shows in the public outbox count,
      // /health, so a step the public cannot see must queue none).
      if (isOpenStatus(concern.status) !== isOpenStatus(changes.status ?? concern.status))
        await enqueueSearchSync(manager, concern.entryId, 'concern opened or closed');
      // (A contact sealed under another INSYN_CONTACT_SECRET cannot be mailed: the response
      // stands, and openContact has told the operator.)
      const contact = mail && concern.contactSealed ? this.openContact(concern) : null;
      if (mail && contact) {
        const kind = await this.supersedeMail(manager, concern.id, mail);
        const message = await this.mailFor(
          manager,
          concern,
          contact,
          kind,
          changes.answer ?? concern.answer,
          changes.rejectionReason ?? null,
        );
        await enqueueMail(
          manager,
          sealMail(this.mailBox, message, {
            purpose: `concern-${kind}`,
            reference: concernMailReference(concern.id),
          }),
          kind === 'amended' ? AMENDED_MAIL_QUIET_SECONDS : 0,
        );
      }
      // Last: the chain's lock is held to commit, and every audited write of every process
      // waits for it, so nothing after it may wait, least of all for another pool connection.
      for (const event of events)
        await this.audit.record(manager, {
          ...event,
          actor: by,
          entryId: concern.entryId,
          departmentId: concern.departmentId,
        });
      return (await this.concerns.lockById(manager, concern.id))!;
    });
  }

  /** Auditors' (and admins') figures per department. */
  figures(actor: Actor): Promise<DepartmentConcernFigures[]> {
    const reader = this.reader(actor);
    if (reader.role !== Role.AUDITOR && reader.role !== Role.ADMIN)
      throw new ForbiddenError('Concern figures are for auditors and admins');
    return this.concerns.figures(this.clock.now(), this.config.INSYN_CONCERN_TARGET_DAYS);
  }

  /**
   * A new answer's e-mail withdraws the concern's answer e-mails not yet sent: one waiting to be
   * retried would otherwise reach the resident after it, with a wording that no longer stands,
   * and amendments in quick succession would each send one. An amendment of an answer whose
   * e-mail never went out is the resident's answer, so it is sent as one; an amendment while
   * the earlier e-mail may be going out (a dispatcher holds it) stays an amendment, after it.
   * An outcome (answer, rejection, closing) withdraws the unsent acknowledgement the same way,
   * one a dispatcher holds included (it may still go out, before the outcome's e-mail).
   */
  private async supersedeMail(
    manager: EntityManager,
    concernId: string,
    mail: ConcernMailKind,
  ): Promise<ConcernMailKind> {
    if (!SUPERSEDED_MAIL[mail].length) return mail;
    const withdrawn = await withdrawMail(
      manager,
      concernMailReference(concernId),
      SUPERSEDED_MAIL[mail],
    );
    const answerNeverSent = withdrawn.some((w) => w.purpose === 'concern-answered' && !w.inFlight);
    return mail === 'amended' && answerNeverSent ? 'answered' : mail;
  }

  /**
   * The resident's e-mail, read on the transaction's connection: a transaction that asked the
   * pool for another while holding its locks would wait forever once the pool is full of
   * transactions waiting for those locks.
   */
  private async mailFor(
    manager: EntityManager,
    concern: ConcernEntity,
    contact: ConcernContact,
    kind: ConcernMailKind,
    answer: string | null,
    reason: string | null,
  ): Promise<MailMessage> {
    const entry = await this.entries.findOne(ANONYMOUS, { id: concern.entryId }, manager);
    const department = await this.departments.byId(concern.departmentId, manager);
    const sv = concern.language === ConcernLanguage.SV;
    return concernMail({
      kind,
      language: concern.language,
      to: contact.email,
      // In the concern's language where the entry has a translated title (as the site shows it).
      entryTitle:
        (!sv &&
          entry?.content.translations
            ?.find((t) => String(t.language) === String(concern.language))
            ?.title?.trim()) ||
        (entry?.content.title ?? ''),
      departmentName: (sv ? department?.nameSv : department?.nameEn) ?? '',
      trackingLink: trackingLink(this.config.publicUrl, concern.language),
      trackingCode: contact.trackingCode,
      erasureLink: erasureLink(this.config.publicUrl, concern.language),
      answer,
      reason,
      retentionDays: this.config.INSYN_CONTACT_RETENTION_DAYS,
    });
  }

  /**
   * The resident's contact, or null when it does not open: sealed under another
   * INSYN_CONTACT_SECRET (the key was changed, or processes of one registry were given different
   * ones). The department's work goes on without it; the operator is told, at error.
   */
  private openContact(concern: ConcernEntity): ConcernContact | null {
    try {
      return JSON.parse(
        this.secrets.contact.open(concern.contactSealed!, concern.id),
      ) as ConcernContact;
    } catch (error) {
      if (!(error instanceof SealBrokenError)) throw error;
      this.log.error(
        `the contact of concern ${concern.id} does not open with this INSYN_CONTACT_SECRET (changed, or another than the other processes'): no e-mail can reach that resident`,
      );
      return null;
    }
  }

  /** Staff who read concerns: every token role (editors only their department's). */
  /** A resident's filing or erasure in the audit log: the concern's id and status only. */
  private recordResidentStep(
    manager: EntityManager,
    action: AuditAction.CONCERN_FILED | AuditAction.CONCERN_ERASED,
    concern: ConcernEntity,
  ): Promise<unknown> {
    return this.audit.record(manager, {
      action,
      actor: RESIDENT_AUDIT_ACTOR,
      entryId: concern.entryId,
      departmentId: concern.departmentId,
      details: { concernId: concern.id, status: concern.status },
    });
  }

  private reader(actor: Actor): TokenActor {
    if (actor.kind !== 'token') throw new UnauthenticatedError();
    return actor;
  }

  /** Who answers: the owning department's editors and admins (recorded). */
  private writer(actor: Actor): TokenActor {
    const by = this.reader(actor);
    if (by.role === Role.EDITOR || by.role === Role.ADMIN) return by;
    throw new ForbiddenError(`The ${by.role} role does not answer concerns`);
  }
}

/** Normalised plain text within the limit; problems are collected under `field`. */
function checkedText(value: string, field: string, max: number, problems: FieldProblem[]): string {
  const text = normalizePlainText(typeof value === 'string' ? value : '');
  const name = field.split('.').pop();
  const empty = emptyTextProblem(text);
  if (empty) problems.push({ field, message: `${name} ${empty}` });
  else if (characterCount(text) > max)
    problems.push({ field, message: `${name} must be at most ${max} characters` });
  else {
    const problem = plainTextProblem(text);
    if (problem) problems.push({ field, message: `${name} ${problem}` });
  }
  return text;
}

/** A concern as the resident's receipt may carry it: no sealed contact, no code hashes. */
function withoutSecrets(concern: ConcernEntity): ConcernEntity {
  const {
    contactSealed: _sealed,
    trackingHash: _t,
    erasureHash: _e,
    submissionHash: _s,
    ...visible
  } = concern;
  return Object.assign(new ConcernEntity(), visible);
}

/** A status with its article, as a sentence starts: "An ANSWERED", "A CLOSED". */
function articled(status: string): string {
  return `${/^[AEIOU]/.test(status) ? 'An' : 'A'} ${status}`;
}
