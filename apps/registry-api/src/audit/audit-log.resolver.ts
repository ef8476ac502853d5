import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '@insyn/access';
import { AuditEventFilter, AuditEventsRepository } from '@insyn/audit';
import { BadInputError } from '@insyn/errors';
import { DepartmentsService } from '@insyn/registry';
import { Roles } from '../auth/roles.decorator';
import { DepartmentLoaders } from '../departments/department.loader';
import { toDepartmentObject } from '../departments/department.mapper';
import { DepartmentObject } from '../departments/department.object';
import { AuditEventConnectionObject } from './audit-event-connection.object';
import { toAuditEventObject } from './audit-event.mapper';
import { AuditEventObject } from './audit-event.object';
import { AuditLogArgs } from './audit-log.args';

@Resolver(() => AuditEventObject)
export class AuditLogResolver {
  constructor(
    private readonly events: AuditEventsRepository,
    private readonly departments: DepartmentsService,
    private readonly departmentLoaders: DepartmentLoaders,
  ) {}

  @Query(() => AuditEventConnectionObject, {
    description:
      'AUDITOR and ADMIN only. The append-only audit log, newest first, keyset-paginated.',
  })
  @Roles(Role.AUDITOR, Role.ADMIN)
  async auditLog(@Args() args: AuditLogArgs): Promise<AuditEventConnectionObject> {
    const { departmentSlug, ...rest } = args.filter ?? {};
    const filter: AuditEventFilter = rest;
    if (filter.since && filter.until && filter.until < filter.since) {
      throw new BadInputError([
        { field: 'filter.until', message: 'until must not be before since' },
      ]);
    }
    // null is no filter, as for every other filter field.
    if (departmentSlug !== undefined && departmentSlug !== null) {
      const department = await this.departments.bySlug(departmentSlug);
      if (!department) {
        throw new BadInputError([
          { field: 'filter.departmentSlug', message: 'there is no department with this slug' },
        ]);
      }
      filter.departmentId = department.id;
    }
    const page = await this.events.page({ filter, first: args.first, after: args.after });
    const nodes = page.events.map((event, i) =>
      toAuditEventObject(event, page.occurredAtHashed[i]),
    );
    return {
      edges: nodes.map((node, i) => ({ node, cursor: page.cursors[i] })),
      nodes,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.cursors.at(-1) ?? null },
    };
  }

  @ResolveField(() => DepartmentObject, { nullable: true })
  async department(
    @Parent() event: AuditEventObject,
    @Context('req') req: object,
  ): Promise<DepartmentObject | null> {
    const department = await this.departmentLoaders.for(req).loadOptional(event.departmentId);
    return department && toDepartmentObject(department);
  }
}
