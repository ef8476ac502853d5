import { Module } from '@nestjs/common';
import { AuditModule } from '@insyn/audit';
import { EntriesRepository } from './entries/entries.repository';
import { EntriesService } from './entries/entries.service';
import { EntryImportsService } from './imports/entry-imports.service';
import { PrinciplesService } from './principles/principles.service';
import { EntryHistoryRepository } from './workflow/entry-history.repository';
import { EntryWorkflowService } from './workflow/entry-workflow.service';
import { EntryVisibilityPolicy } from './visibility/entry-visibility.policy';
import { RegistryClock } from './visibility/registry-clock';
import { WithholdingExpiryService } from './visibility/withholding-expiry.service';

/** Registry entries, their workflow and history, and the principles catalogue (needs a TypeORM data source). */
@Module({
  imports: [AuditModule],
  providers: [
    RegistryClock,
    EntryVisibilityPolicy,
    WithholdingExpiryService,
    PrinciplesService,
    EntriesRepository,
    EntriesService,
    EntryWorkflowService,
    EntryHistoryRepository,
    EntryImportsService,
  ],
  exports: [
    RegistryClock,
    EntryVisibilityPolicy,
    WithholdingExpiryService,
    PrinciplesService,
    EntriesRepository,
    EntriesService,
    EntryWorkflowService,
    EntryHistoryRepository,
    EntryImportsService,
  ],
})
export class RegistryModule {}
