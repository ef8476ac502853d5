import { Module } from '@nestjs/common';
import { ConcernsModule } from '@insyn/concerns';
import { RegistryModule } from '@insyn/registry';
import { ComplianceReportService } from './compliance-report.service';

/** Register-wide reports for staff (needs the global `InsynConfig` and a TypeORM data source). */
@Module({
  imports: [RegistryModule, ConcernsModule],
  providers: [ComplianceReportService],
  exports: [ComplianceReportService],
})
export class ReportsModule {}
