/**
 * Where a concern stands. RECEIVED, ACKNOWLEDGED and UNDER_REVIEW are open; ANSWERED ends it
 * unless the department reopens it; CLOSED and REJECTED end it for good.
 */
export enum ConcernStatus {
  RECEIVED = 'RECEIVED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  UNDER_REVIEW = 'UNDER_REVIEW',
  ANSWERED = 'ANSWERED',
  CLOSED = 'CLOSED',
  REJECTED = 'REJECTED',
}

export enum ConcernCategory {
  DISCRIMINATION = 'DISCRIMINATION',
  PRIVACY = 'PRIVACY',
  ACCURACY = 'ACCURACY',
  TRANSPARENCY = 'TRANSPARENCY',
  ACCESSIBILITY = 'ACCESSIBILITY',
  OTHER = 'OTHER',
}

/** Why a wording of an answer is no longer the concern's answer (an earlier answer). */
export enum ConcernAnswerSupersession {
  /** The department amended it: a new wording replaced it. */
  AMENDED = 'AMENDED',
  /** The department reopened the concern after it. */
  REOPENED = 'REOPENED',
}

/** The language of e-mail to the resident. */
export enum ConcernLanguage {
  SV = 'sv',
  EN = 'en',
}

/** Waiting for the department: counted as open, and what `hasOpenConcerns` reflects. */
export const OPEN_CONCERN_STATUSES: readonly ConcernStatus[] = [
  ConcernStatus.RECEIVED,
  ConcernStatus.ACKNOWLEDGED,
  ConcernStatus.UNDER_REVIEW,
];

/** Nothing more happens (`closedAt` is set): neither answered nor reopened any more. */
export const CLOSED_CONCERN_STATUSES: readonly ConcernStatus[] = [
  ConcernStatus.CLOSED,
  ConcernStatus.REJECTED,
];

/**
 * The concern has ended, for now (`endedAt` is set): answered, closed or rejected. The contact
 * e-mail's retention period runs from here; an answered concern may still be reopened (back to
 * UNDER_REVIEW), which clears `endedAt` until it ends again.
 */
export const ENDED_CONCERN_STATUSES: readonly ConcernStatus[] = [
  ConcernStatus.ANSWERED,
  ...CLOSED_CONCERN_STATUSES,
];

/**
 * The department's answer stands: ANSWERED, or CLOSED after an answer. An answer held in any other
 * status (reopened for review, or rejected after that) is an earlier answer, no longer the
 * concern's answer. Every wording is kept (`ConcernAnswerEntity`); the concern's `answer` is the
 * latest.
 */
export const ANSWER_STANDS_STATUSES: readonly ConcernStatus[] = [
  ConcernStatus.ANSWERED,
  ConcernStatus.CLOSED,
];

export const answerStands = (status: ConcernStatus): boolean =>
  ANSWER_STANDS_STATUSES.includes(status);
export const isOpenStatus = (status: ConcernStatus): boolean =>
  OPEN_CONCERN_STATUSES.includes(status);
export const isClosedStatus = (status: ConcernStatus): boolean =>
  CLOSED_CONCERN_STATUSES.includes(status);

/** The statuses a concern may move to from each status (setting the same status changes nothing). */
export const CONCERN_TRANSITIONS: Readonly<Record<ConcernStatus, readonly ConcernStatus[]>> = {
  [ConcernStatus.RECEIVED]: [
    ConcernStatus.ACKNOWLEDGED,
    ConcernStatus.UNDER_REVIEW,
    ConcernStatus.ANSWERED,
    ConcernStatus.CLOSED,
    ConcernStatus.REJECTED,
  ],
  [ConcernStatus.ACKNOWLEDGED]: [
    ConcernStatus.UNDER_REVIEW,
    ConcernStatus.ANSWERED,
    ConcernStatus.CLOSED,
    ConcernStatus.REJECTED,
  ],
  [ConcernStatus.UNDER_REVIEW]: [
    ConcernStatus.ANSWERED,
    ConcernStatus.CLOSED,
    ConcernStatus.REJECTED,
  ],
  [ConcernStatus.ANSWERED]: [ConcernStatus.UNDER_REVIEW, ConcernStatus.CLOSED],
  [ConcernStatus.CLOSED]: [],
  [ConcernStatus.REJECTED]: [],
};

/** Limits of what residents and departments write. */
export const CONCERN_LIMITS = {
  text: 4000,
  answer: 8000,
  reason: 2000,
  email: 254,
  principles: 5,
} as const;
