import { CreatePrinciples1764201600000 } from './1764201600000-create-principles';
import { CreateRegistry1764205200000 } from './1764205200000-create-registry';
import { IndexPendingOutboxEntries1764226800000 } from './1764226800000-index-pending-outbox-entries';
import { AddPublicFilterColumns1764400000000 } from './1764400000000-add-public-filter-columns';
import { OrderTitlesInSwedish1764500000000 } from './1764500000000-order-titles-in-swedish';
import { CreateConcerns1764600000000 } from './1764600000000-create-concerns';
import { ChainAuditEvents1764700000000 } from './1764700000000-chain-audit-events';
import { CreatePersons1764710000000 } from './1764710000000-create-persons';

/** Every migration, in order. A new migration is added here as well as in this folder. */
export const MIGRATIONS = [
  CreatePrinciples1764201600000,
  CreateRegistry1764205200000,
  IndexPendingOutboxEntries1764226800000,
  AddPublicFilterColumns1764400000000,
  OrderTitlesInSwedish1764500000000,
  CreateConcerns1764600000000,
  ChainAuditEvents1764700000000,
  CreatePersons1764710000000,
];
