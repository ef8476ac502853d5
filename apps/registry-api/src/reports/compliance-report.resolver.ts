import { Args, Query, Resolver } from '@nestjs/graphql';
import { Actor } from '@insyn/access';
import { EntryKind, EntryStatus } from '@insyn/registry';
import { ComplianceReportService } from '@insyn/reports';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ComplianceReportArgs } from './compliance-report.args';
import { ComplianceReportObject } from './compliance-report.object';

@Resolver(() => ComplianceReportObject)
export class ComplianceReportResolver {
  constructor(private readonly reports: ComplianceReportService) {}

  @Query(() => ComplianceReportObject, {
    description:
      'Staff. The compliance report of a department, or city-wide without a slug (an editor: their own department only).',
  })
  async complianceReport(
    @CurrentActor() actor: Actor,
    @Args() args: ComplianceReportArgs,
  ): Promise<ComplianceReportObject> {
    const report = await this.reports.report(actor, args.departmentSlug);
    return {
      ...report,
      entriesByKindAndStatus: report.entriesByKindAndStatus.map((r) => ({
        kind: r.kind as EntryKind,
        status: r.status as EntryStatus,
        count: r.count,
      })),
    };
  }
}
