import { Module } from '@nestjs/common';
import { AuditModule } from '@insyn/audit';
import { EntriesRepository } from './entries/entries.repository';
import { EntriesService } from './entries/entries.service';
import { PrinciplesService } from './principles/principles.service';
import { EntryHistoryRepository } from './workflow/entry-history.repository';
import { EntryWorkflowService } from './workflow/entry-workflow.service';

/** Registry entries, their workflow and history, and the principles catalogue (needs a TypeORM data source). */
@Module({
  imports: [AuditModule],
  providers: [
    PrinciplesService,
    EntriesRepository,
    EntriesService,
    EntryWorkflowService,
    EntryHistoryRepository,
  ],
  exports: [
    PrinciplesService,
    EntriesRepository,
    EntriesService,
    EntryWorkflowService,
    EntryHistoryRepository,
  ],
})
export class RegistryModule {}
