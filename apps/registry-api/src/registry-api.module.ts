import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DestinationStream, Logger } from 'pino';
import { TokenKeyPresence } from '@insyn/access';
import { CONCERN_ENTITIES } from '@insyn/concerns';
import { ConfigModule, InsynConfig } from '@insyn/config';
import {
  buildDataSourceOptions,
  ReadRouting,
  SchemaVersionWatch,
  sessionEventsLoggedTo,
} from '@insyn/database';
import { LoggingModule } from '@insyn/observability';
import { INSYN_ENTITIES, RegistryModule } from '@insyn/registry';
import { MeilisearchHealthIndicator, SearchConnection } from '@insyn/search';
import { AccessApiModule } from './access/access-api.module';
import { AuditApiModule } from './audit/audit-api.module';
import { AuthModule } from './auth/auth.module';
import { RequestActors } from './auth/request-actors';
import { ConcernsApiModule } from './concerns/concerns-api.module';
import { ConcernThrottleOptions } from './concerns/concern-throttle';
import { PublicConcernsArgs } from './concerns/concern.inputs';
import { DepartmentsApiModule } from './departments/departments-api.module';
import { EntriesApiModule } from './entries/entries-api.module';
import { ExportsApiModule } from './exports/exports-api.module';
import { GraphQLExplorerController } from './graphql/explorer/graphql-explorer.controller';
import { createErrorFormatter } from './graphql/graphql-error-formatter';
import { GraphQLExceptionFilter } from './graphql/graphql-exception.filter';
import { InputValidationPipe } from './graphql/input-validation.pipe';
import { literalPathsRule } from './graphql/literal-paths.rule';
import { nestedArgsPlugin } from './graphql/nested-args.plugin';
import { knownOperationTypesRule, oneMutationRule } from './graphql/operation-types.rule';
import { GRAPHQL_PATH } from './graphql/graphql-path';
import { DateTimeScalar } from './graphql/scalars/date-time.scalar';
import { QUERY_LIMITS, queryCostPlugin, queryLimitRules } from './graphql/query-cost.plugin';
import { rateLimitedPlugin } from './graphql/rate-limited.plugin';
import { readRoutingPlugin } from './graphql/read-routing.plugin';
import { entryContentRootsPlugin } from './entries/entry-content-roots';
import { withTextRule } from './graphql/text-rule';
import { withListLimits } from './graphql/input-list-limit';
import { schemaDisclosurePlugin } from './graphql/schema-disclosure.plugin';
import { variableInputPlugin } from './graphql/variable-input.plugin';
import { HealthController } from './health/health.controller';
import { RateLimitOptions } from './http/rate-limit.middleware';
import { RateLimitModule } from './http/rate-limit.module';
import { RequestDrain } from './http/request-drain';
import { PrinciplesResolver } from './principles/principles.resolver';
import { PublishedSchemaController } from './schema/published-schema.controller';
import { SearchApiModule } from './search/search-api.module';
import { ReportsApiModule } from './reports/reports-api.module';
import { SiteModule } from './site/site.module';

export interface RegistryApiOptions {
  config: InsynConfig;
  databaseUrl: string;
  /** The tables' owner, for migrations; unset: they run through databaseUrl. */
  migrationUrl?: string;
  /** A read replica of databaseUrl (DATABASE_READ_URL) for public reads. */
  databaseReadUrl?: string;
  search: SearchConnection;
  log: Logger;
  /** Where Nest's and the request log go (default: standard output); tests capture it. */
  logDestination?: DestinationStream;
  /** Requests per client and window (default: DEFAULT_RATE_LIMIT); tests lower it. */
  rateLimit?: Partial<RateLimitOptions>;
  /** Throttles of the anonymous concern operations (default: DEFAULT_CONCERN_THROTTLE). */
  concernThrottle?: ConcernThrottleOptions;
  /** The time a whole request may take to arrive (default: HTTP_REQUEST_TIMEOUT_MS); tests lower it. */
  requestTimeoutMs?: number;
  /** How often this process is recorded as running with its token key (default: TOKEN_KEY_SEEN_EVERY_MS); tests lower it. */
  tokenKeySeenEveryMs?: number;
}

/** The GraphQL service and public pages, wired from the capability libraries. */
@Module({})
export class RegistryApiModule {
  static forRoot(options: RegistryApiOptions): DynamicModule {
    const { config } = options;
    const search = SearchApiModule.forRoot(options.search, options.log);
    // One concern throttle for the API and the site's forms.
    const concerns = ConcernsApiModule.forRoot(options.concernThrottle);
    // Which reads the replica serves (none without one); bootstrap installs it on the data source.
    const readRouting = new ReadRouting();
    return {
      module: RegistryApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule.forRoot(config, options.logDestination),
        TypeOrmModule.forRoot(
          buildDataSourceOptions(
            options.databaseUrl,
            [...INSYN_ENTITIES, ...CONCERN_ENTITIES],
            10,
            options.databaseReadUrl,
            config.databaseTimeouts,
            sessionEventsLoggedTo(options.log),
          ),
        ),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          // The cost plugin asks who the caller is (their budget), as the guard does.
          imports: [AuthModule],
          inject: [RequestActors],
          useFactory: (actors: RequestActors): ApolloDriverConfig => ({
            path: GRAPHQL_PATH,
            // In memory: only `npm run schema:update` writes the committed schema.gql.
            autoSchemaFile: true,
            sortSchema: true,
            // One strict scalar for every instant (README "Inputs").
            buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
            // Production answers it to token holders only (schemaDisclosurePlugin).
            introspection: true,
            // Apollo serves no page: GraphQLExplorerController serves GraphiQL from here (the
            // pages of Apollo and of @nestjs/apollo load their scripts from CDNs).
            graphiql: false,
            // Query limits (README "Request limits"): tokens while parsing, depth, aliases and
            // directives while validating, expanded fields and cost (by caller) before execution.
            parseOptions: { maxTokens: QUERY_LIMITS.maxTokens },
            // literalPathsRule names literals of the wrong type by their field, as variables are;
            // knownOperationTypesRule refuses subscriptions (there are none) as it should.
            validationRules: [
              ...queryLimitRules(),
              literalPathsRule,
              knownOperationTypesRule,
              oneMutationRule,
            ],
            // Automatic persisted queries are off: no client of the registry sends them, Apollo's
            // default lets any caller register queries in each process's memory (a bounded LRU
            // cache, which other replicas do not share), and they added refusals of their own.
            // A request with the persistedQuery extension is answered
            // PERSISTED_QUERY_NOT_SUPPORTED, which APQ clients take as "send the query text".
            persistedQueries: false,
            // The text rule on every string argument and input field, before guards and pipes;
            // each list's most items where the check before coercion reads them.
            transformSchema: (schema) => withTextRule(withListLimits(schema)),
            plugins: [
              // No HTTP cache hints are used; the default plugin's per-field hooks cost every query.
              ApolloServerPluginCacheControlDisabled(),
              // Variables first: a cost estimate cannot be made from variables that do not coerce.
              variableInputPlugin(),
              // Nested lists' arguments too: refused while executing, they would null the entry.
              nestedArgsPlugin(new Map([['publicConcerns', PublicConcernsArgs]])),
              queryCostPlugin({ actorOf: (req) => actors.of(req) }),
              rateLimitedPlugin(),
              readRoutingPlugin(readRouting),
              // Which parts of entries' content the operation can show: reads take no more.
              entryContentRootsPlugin(),
              // Production: no introspection or field suggestions for anonymous callers (the SDL
              // is published instead).
              ...(config.isProduction ? [schemaDisclosurePlugin(actors)] : []),
            ],
            includeStacktraceInErrorResponses: false,
            // rateLimitedPlugin answers throttled operations 429; no error of ours sets another
            // status while executing (request-level refusals carry theirs: 400).
            preserveHttpStatusForExecutionErrors: false,
            formatError: createErrorFormatter(options.log),
            // Apollo's own messages as JSON log lines too, not console text.
            logger: options.log,
            context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
          }),
        }),
        TerminusModule.forRoot({ logger: false }),
        RateLimitModule.forRoot(options.log),
        RegistryModule,
        AuthModule,
        DepartmentsApiModule,
        AccessApiModule,
        AuditApiModule,
        ReportsApiModule,
        EntriesApiModule,
        ExportsApiModule.forRoot(config, options.log),
        concerns,
        search,
        SiteModule.forRoot(config, options.log, search, concerns),
      ],
      controllers: [HealthController, GraphQLExplorerController, PublishedSchemaController],
      providers: [
        { provide: SearchConnection, useValue: options.search },
        { provide: ReadRouting, useValue: readRouting },
        // One per process: /health reports it, the in-process indexer stops by it.
        {
          provide: SchemaVersionWatch,
          useFactory: (dataSource: DataSource) => new SchemaVersionWatch(dataSource),
          inject: [DataSource],
        },
        // This process's row in token_key_check: started by bootstrap, stopped at close.
        {
          provide: TokenKeyPresence,
          useFactory: (dataSource: DataSource) =>
            new TokenKeyPresence(dataSource, options.log, options.tokenKeySeenEveryMs),
          inject: [DataSource],
        },
        { provide: APP_PIPE, useClass: InputValidationPipe },
        { provide: APP_FILTER, useClass: GraphQLExceptionFilter },
        MeilisearchHealthIndicator,
        PrinciplesResolver,
        RequestDrain,
      ],
    };
  }
}

export { GRAPHQL_PATH } from './graphql/graphql-path';
