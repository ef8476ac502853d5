import { Module } from '@nestjs/common';
import { AuditModule } from '@insyn/audit';
import { EntriesRepository, EntriesService, RegistryModule } from '@insyn/registry';
import { DepartmentsApiModule } from '../departments/departments-api.module';
import './registry-enums.graphql';
import { EntriesResolver } from './entries.resolver';
import { EntryLoadersFactory } from './entry.loaders';
import { RegistryEntryFieldsResolver } from './registry-entry-fields.resolver';

/** GraphQL for registry entries: queries, mutations, and the fields every kind shares. */
@Module({
  imports: [RegistryModule, AuditModule, DepartmentsApiModule],
  providers: [
    EntriesRepository,
    EntriesService,
    EntryLoadersFactory,
    EntriesResolver,
    RegistryEntryFieldsResolver,
  ],
})
export class EntriesApiModule {}
