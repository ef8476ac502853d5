import { CreatePrinciples1764201600000 } from './1764201600000-create-principles';
import { CreateRegistry1764205200000 } from './1764205200000-create-registry';
import { IndexPendingOutboxEntries1764226800000 } from './1764226800000-index-pending-outbox-entries';
import { AddPublicFilterColumns1764400000000 } from './1764400000000-add-public-filter-columns';
import { OrderTitlesInSwedish1764500000000 } from './1764500000000-order-titles-in-swedish';
import { CreateConcerns1764600000000 } from './1764600000000-create-concerns';
import { AddFilterFacts1764700000000 } from './1764700000000-add-filter-facts';
import { CreateEntrySource1764800000000 } from './1764800000000-create-entry-source';
import { ChainAuditEvents1764900000000 } from './1764900000000-chain-audit-events';
import { CreatePersons1764910000000 } from './1764910000000-create-persons';
import { SealAuditEvents1765000000000 } from './1765000000000-seal-audit-events';
import { CreateEntryRegistration1765000100000 } from './1765000100000-create-entry-registration';
import { AddPublicMissing1765100000000 } from './1765100000000-add-public-missing';
import { CreateEntryDraftRevision1765100000001 } from './1765100000001-create-entry-draft-revision';
import { IndexEntryListOrders1765200000000 } from './1765200000000-index-entry-list-orders';
import { CreateRateLimit1765300000000 } from './1765300000000-create-rate-limit';
import { AddOutboxLeaseOwner1765300000001 } from './1765300000001-add-outbox-lease-owner';
import { IndexPublicFreshness1765400000000 } from './1765400000000-index-public-freshness';
import { AddMailOutboxLeaseOwner1765400000001 } from './1765400000001-add-mail-outbox-lease-owner';
import { IndexLeasedOutboxRows1765400200000 } from './1765400200000-index-leased-outbox-rows';
import { KeyPersonNames1765400300000 } from './1765400300000-key-person-names';
import { AddConcernEndedAt1765400400000 } from './1765400400000-add-concern-ended-at';
import { StampAuditEventsInMilliseconds1765400500000 } from './1765400500000-stamp-audit-events-in-milliseconds';
import { RefreshOnReviewDueDates1765400600000 } from './1765400600000-refresh-on-review-due-dates';
import { AddApiTokenExpiresAt1765400700000 } from './1765400700000-add-api-token-expires-at';
import { CountRetirementsAsChanges1765400810000 } from './1765400810000-count-retirements-as-changes';
import { CreateConcernAnswer1765400820000 } from './1765400820000-create-concern-answer';
import { RefreshWithheldAlong1765400900000 } from './1765400900000-refresh-withheld-along';
import { CreateTokenKeyCheck1765401000000 } from './1765401000000-create-token-key-check';
import { RefreshWithheldCompanions1765401100000 } from './1765401100000-refresh-withheld-companions';
import { LowerCaseUuidSourceIds1765401100001 } from './1765401100001-lower-case-uuid-source-ids';
import { AddConcernSubmissionHash1765401200000 } from './1765401200000-add-concern-submission-hash';
import { AddOutboxLeaseLifeline1765401300000 } from './1765401300000-add-outbox-lease-lifeline';
import { IndexLinkEventsByTarget1765401400000 } from './1765401400000-index-link-events-by-target';
import { AddVersionWithheld1765401500000 } from './1765401500000-add-version-withheld';
import { RekeyPersonNamesBeforeNfkc1765401600000 } from './1765401600000-rekey-person-names-before-nfkc';
import { RecordAnswerLanguages1765401700000 } from './1765401700000-record-answer-languages';
import { KeyTokenKeyCheckByProcess1765401800000 } from './1765401800000-key-token-key-check-by-process';

export { RATE_LIMIT_TABLE } from './1765300000000-create-rate-limit';

/** Every migration, in order. A new migration is added here as well as in this folder. */
export const MIGRATIONS = [
  CreatePrinciples1764201600000,
  CreateRegistry1764205200000,
  IndexPendingOutboxEntries1764226800000,
  AddPublicFilterColumns1764400000000,
  OrderTitlesInSwedish1764500000000,
  CreateConcerns1764600000000,
  AddFilterFacts1764700000000,
  CreateEntrySource1764800000000,
  ChainAuditEvents1764900000000,
  CreatePersons1764910000000,
  SealAuditEvents1765000000000,
  CreateEntryRegistration1765000100000,
  AddPublicMissing1765100000000,
  CreateEntryDraftRevision1765100000001,
  IndexEntryListOrders1765200000000,
  CreateRateLimit1765300000000,
  AddOutboxLeaseOwner1765300000001,
  IndexPublicFreshness1765400000000,
  AddMailOutboxLeaseOwner1765400000001,
  IndexLeasedOutboxRows1765400200000,
  KeyPersonNames1765400300000,
  AddConcernEndedAt1765400400000,
  StampAuditEventsInMilliseconds1765400500000,
  RefreshOnReviewDueDates1765400600000,
  AddApiTokenExpiresAt1765400700000,
  CountRetirementsAsChanges1765400810000,
  CreateConcernAnswer1765400820000,
  RefreshWithheldAlong1765400900000,
  CreateTokenKeyCheck1765401000000,
  RefreshWithheldCompanions1765401100000,
  LowerCaseUuidSourceIds1765401100001,
  AddConcernSubmissionHash1765401200000,
  AddOutboxLeaseLifeline1765401300000,
  IndexLinkEventsByTarget1765401400000,
  AddVersionWithheld1765401500000,
  RekeyPersonNamesBeforeNfkc1765401600000,
  RecordAnswerLanguages1765401700000,
  KeyTokenKeyCheckByProcess1765401800000,
];
