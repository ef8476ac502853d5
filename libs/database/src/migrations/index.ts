import { CreatePrinciples1764201600000 } from './1764201600000-create-principles';
import { CreateRegistry1764205200000 } from './1764205200000-create-registry';
import { IndexPendingOutboxEntries1764226800000 } from './1764226800000-index-pending-outbox-entries';
import { AddPublicFilterColumns1764400000000 } from './1764400000000-add-public-filter-columns';
import { StampAuditEvents1764500000000 } from './1764500000000-stamp-audit-events';
import { CreateEntryRegistration1764600000000 } from './1764600000000-create-entry-registration';

/** Every migration, in order. A new migration is added here as well as in this folder. */
export const MIGRATIONS = [
  CreatePrinciples1764201600000,
  CreateRegistry1764205200000,
  IndexPendingOutboxEntries1764226800000,
  AddPublicFilterColumns1764400000000,
  StampAuditEvents1764500000000,
  CreateEntryRegistration1764600000000,
];
