import { AuditModule } from '@insyn/audit';
import { DynamicModule, Module } from '@nestjs/common';
import { Logger } from 'pino';
import { InsynConfig } from '@insyn/config';
import { DepartmentsModule, RegistryModule } from '@insyn/registry';
import { CONTACT_SECRET } from '@insyn/access';
import { ConcernsModule } from '@insyn/concerns';
import { RegistrySiteConcerns } from './concerns/registry-site-concerns';
import { SiteConcernsController } from './concerns/site-concerns.controller';
import { SiteCrawlersController } from './crawlers/site-crawlers.controller';
import { SiteCsrf } from './concerns/site-csrf';
import { SITE_CONCERNS } from './concerns/site-concerns.port';
import { PublicSiteReader } from './public-site.reader';
import { SiteExceptionFilter, SITE_LOG } from './site-exception.filter';
import { SitePagesController } from './site-pages.controller';
import { SITE_CONFIG, SiteRenderer } from './site-renderer';
import { SiteRootController } from './site-root.controller';

/**
 * The public website: a transport beside GraphQL. Controllers render views from what
 * PublicSiteReader reads through the registry's and search's services. The root controller
 * comes first, so its fixed paths win over the language routes.
 */
@Module({})
export class SiteModule {
  /**
   * `search`: the app's module that exports the public search service (one search runtime);
   * `concerns`: the app's concerns API module, which exports its throttle (one budget for both).
   */
  static forRoot(
    config: InsynConfig,
    log: Logger,
    search: DynamicModule,
    concerns: DynamicModule,
  ): DynamicModule {
    return {
      module: SiteModule,
      imports: [AuditModule, RegistryModule, DepartmentsModule, ConcernsModule, search, concerns],
      // The concerns controller before the pages one: the pages' catch-all 404 comes last.
      controllers: [
        SiteRootController,
        SiteCrawlersController,
        SiteConcernsController,
        SitePagesController,
      ],
      providers: [
        { provide: SITE_CONFIG, useValue: config },
        { provide: SITE_LOG, useValue: log },
        { provide: SITE_CONCERNS, useClass: RegistrySiteConcerns },
        {
          provide: SiteCsrf,
          useFactory: (secret: string) => new SiteCsrf(secret, config.publicUrl),
          inject: [CONTACT_SECRET],
        },
        PublicSiteReader,
        SiteRenderer,
        SiteExceptionFilter,
      ],
    };
  }
}
