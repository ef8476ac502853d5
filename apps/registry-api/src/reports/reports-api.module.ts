import { Module } from '@nestjs/common';
import { ReportsModule } from '@insyn/reports';
import { ComplianceReportResolver } from './compliance-report.resolver';

/** Register-wide reports for staff over GraphQL. */
@Module({
  imports: [ReportsModule],
  providers: [ComplianceReportResolver],
})
export class ReportsApiModule {}
