import { registerEnumType } from '@nestjs/graphql';
import { AuditAction } from '@insyn/audit';

registerEnumType(AuditAction, { name: 'AuditAction', description: 'What an audit event records.' });

export { AuditAction };
