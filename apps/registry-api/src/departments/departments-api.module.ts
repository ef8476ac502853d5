import { Module } from '@nestjs/common';
import { DepartmentsModule } from '@insyn/registry';
import { DepartmentLoaders } from './department.loader';
import { DepartmentsResolver } from './departments.resolver';

/**
 * Departments over GraphQL. Import this module to use `DepartmentLoaders` (and DepartmentsService,
 * re-exported) in other resolvers.
 */
@Module({
  imports: [DepartmentsModule],
  providers: [DepartmentsResolver, DepartmentLoaders],
  exports: [DepartmentLoaders, DepartmentsModule],
})
export class DepartmentsApiModule {}
