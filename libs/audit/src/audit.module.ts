import { Module } from '@nestjs/common';
import { AuditChainVerifier } from './audit-chain.verifier';
import { AuditEventsRepository } from './audit-events.repository';
import { AuditLog } from './audit-log.service';

/**
 * The audit writer (`AuditLog`, writes through the caller's transaction), reader
 * (`AuditEventsRepository`) and chain verifier (`AuditChainVerifier`); the last two need a
 * TypeORM data source.
 */
@Module({
  providers: [AuditLog, AuditEventsRepository, AuditChainVerifier],
  exports: [AuditLog, AuditEventsRepository, AuditChainVerifier],
})
export class AuditModule {}
