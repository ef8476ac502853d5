import { Module } from '@nestjs/common';
import { AuditModule } from '@insyn/audit';
import { CONTACT_SECRET, resolveContactSecret } from '@insyn/access';
import { InsynConfig } from '@insyn/config';
import { DepartmentsModule, RegistryModule } from '@insyn/registry';
import { CONCERN_SECRETS, ConcernSecrets } from './concern-secrets';
import { ConcernsRepository } from './concerns.repository';
import { ConcernsService } from './concerns.service';

/**
 * Concerns for Nest apps. Needs the global `InsynConfig` and a TypeORM data source; the contact
 * secret comes from `resolveContactSecret(config)`.
 */
@Module({
  imports: [AuditModule, RegistryModule, DepartmentsModule],
  providers: [
    { provide: CONTACT_SECRET, useFactory: resolveContactSecret, inject: [InsynConfig] },
    {
      provide: CONCERN_SECRETS,
      useFactory: (secret: string) => new ConcernSecrets(secret),
      inject: [CONTACT_SECRET],
    },
    ConcernsRepository,
    ConcernsService,
  ],
  exports: [ConcernsRepository, ConcernsService, CONTACT_SECRET],
})
export class ConcernsModule {}
