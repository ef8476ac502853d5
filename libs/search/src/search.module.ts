import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { PublicIndexWithdrawal } from '@insyn/registry';
import { PublicSearchService } from './public-search/public-search.service';
import { SearchConnection } from './search-connection';
import { SearchDocumentWithdrawal } from './search-document-withdrawal';
import { describeSearchError, isSearchAuthError } from './meilisearch/meilisearch-errors';
import { SearchOutboxHealthIndicator } from './search-outbox.health';
import { SearchRuntime, SearchRuntimeOptions } from './search-runtime';

/** Prepares the app key and the index in the background at start; closes connections at stop. */
@Injectable()
class SearchRuntimeLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(SearchRuntime) private readonly runtime: SearchRuntime) {}

  onApplicationBootstrap(): void {
    // Not awaited: the API serves the registry while Meilisearch is away; search says so itself.
    this.runtime.prepare().catch((error: unknown) =>
      // A refused key is the operator's to fix (it never heals by itself); Meilisearch being
      // away is not.
      isSearchAuthError(error)
        ? this.runtime.log.error(
            { reason: describeSearchError(error) },
            'Meilisearch refuses MEILI_MASTER_KEY: search stays unavailable until the key is right',
          )
        : this.runtime.log.warn(
            { reason: describeSearchError(error) },
            'search index not prepared at start; searches retry',
          ),
    );
  }

  onApplicationShutdown(): void {
    this.runtime.close();
  }
}

/** Public search for Nest apps: the runtime (app key, clients), the search service, outbox health. */
@Module({})
export class SearchModule {
  static forRoot(connection: SearchConnection, options: SearchRuntimeOptions = {}): DynamicModule {
    return {
      module: SearchModule,
      // Global: the registry's workflow, which cannot import search, takes the withdrawal.
      global: true,
      providers: [
        { provide: SearchRuntime, useFactory: () => new SearchRuntime(connection, options) },
        SearchRuntimeLifecycle,
        PublicSearchService,
        SearchOutboxHealthIndicator,
        { provide: PublicIndexWithdrawal, useClass: SearchDocumentWithdrawal },
      ],
      exports: [
        SearchRuntime,
        PublicSearchService,
        SearchOutboxHealthIndicator,
        PublicIndexWithdrawal,
      ],
    };
  }
}
