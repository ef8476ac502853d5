import { EntryConnectionResolver } from './entry-connection.resolver';
import { Module } from '@nestjs/common';
import { RegistryModule } from '@insyn/registry';
import { DepartmentsApiModule } from '../departments/departments-api.module';
import './registry-enums.graphql';
import { EntriesResolver } from './entries.resolver';
import { EntryLoadersFactory } from './entry.loaders';
import { EntryWorkflowResolver } from './entry-workflow.resolver';
import { RegistryEntryFieldsResolver } from './registry-entry-fields.resolver';
import { EntryVersionFieldsResolver } from './entry-version-fields.resolver';
import { CompletenessProblemResolver } from './completeness-problem.resolver';
import { WithheldInformationResolver } from './withheld-information.resolver';

/** GraphQL for registry entries: queries, mutations, workflow, history, and the fields every kind shares. */
@Module({
  imports: [RegistryModule, DepartmentsApiModule],
  providers: [
    EntryLoadersFactory,
    EntriesResolver,
    EntryWorkflowResolver,
    RegistryEntryFieldsResolver,
    EntryConnectionResolver,
    EntryVersionFieldsResolver,
    CompletenessProblemResolver,
    WithheldInformationResolver,
  ],
})
export class EntriesApiModule {}
