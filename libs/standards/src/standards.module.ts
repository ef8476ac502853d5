import { DynamicModule, Module } from '@nestjs/common';
import { DepartmentsModule, RegistryModule } from '@insyn/registry';
import { ExportsService } from './export/exports.service';
import { StandardsImportService } from './importers/standards-import.service';
import { SignsService } from './signs/signs.service';
import { STANDARDS_SETTINGS, StandardsSettings } from './standards-settings';

/** Exports, imports and signs, for the API (the CLI builds the same services by hand). */
@Module({})
export class StandardsModule {
  static forRoot(settings: StandardsSettings): DynamicModule {
    return {
      module: StandardsModule,
      imports: [RegistryModule, DepartmentsModule],
      providers: [
        { provide: STANDARDS_SETTINGS, useValue: settings },
        ExportsService,
        StandardsImportService,
        SignsService,
      ],
      exports: [ExportsService, StandardsImportService, SignsService],
    };
  }
}
