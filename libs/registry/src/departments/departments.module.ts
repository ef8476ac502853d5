import { Module } from '@nestjs/common';
import { AuditModule } from '@insyn/audit';
import { DepartmentsService } from './departments.service';

/** Departments for Nest apps (needs a TypeORM data source). */
@Module({
  imports: [AuditModule],
  providers: [DepartmentsService],
  exports: [DepartmentsService],
})
export class DepartmentsModule {}
