import { DynamicModule, Module } from '@nestjs/common';
import { DepartmentsModule } from '@insyn/registry';
import { SearchConnection, SearchLog, SearchModule } from '@insyn/search';
import { SearchResolver } from './search.resolver';

/** The `search` query, over the search capability (which it re-exports for /health and main.ts). */
@Module({})
export class SearchApiModule {
  static forRoot(connection: SearchConnection, log?: SearchLog): DynamicModule {
    const search = SearchModule.forRoot(connection, { log });
    return {
      module: SearchApiModule,
      imports: [search, DepartmentsModule],
      providers: [SearchResolver],
      exports: [search],
    };
  }
}
