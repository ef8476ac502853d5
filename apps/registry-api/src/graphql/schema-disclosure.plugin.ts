import { ApolloServerPlugin } from '@apollo/server';
import type { Request } from 'express';
import {
  DocumentNode,
  GraphQLError,
  GraphQLSchema,
  NoSchemaIntrospectionCustomRule,
  validate,
} from 'graphql';
import { Actor } from '@insyn/access';
import { DomainError } from '@insyn/errors';
import { RequestActors } from '../auth/request-actors';
import { SCHEMA_FILE_PATH } from '../schema/published-schema';

/**
 * graphql-js's "Did you mean …?" (`Did you mean "a", "b", or "c"?`, `Did you mean the enum value
 * "en"?`), wherever it stands: a refusal of several variables joins their messages, so one may
 * stand mid-sentence. It names schema names only, which hold no "?". Anchored at the end, it had
 * taken everything after the first suggestion with it (the other fields' problems too).
 */
const SUGGESTION = / ?Did you mean [^?]*\?/g;
const withoutSuggestion = (message: string) => message.replace(SUGGESTION, '');

/**
 * Production: the schema is told only to token holders. Anonymous callers get no introspection
 * (`__schema`, `__type`, also inside fragments; `__typename` stays) and no "Did you mean …?" in
 * validation errors; they read the published SDL at SCHEMA_FILE_PATH instead. A refused
 * operation runs nothing (HTTP 400, GRAPHQL_VALIDATION_FAILED). A request with a token that
 * does not authenticate is answered UNAUTHENTICATED, as everywhere.
 */
export function schemaDisclosurePlugin(
  actors: RequestActors,
): ApolloServerPlugin<{ req: Request }> {
  return {
    async requestDidStart() {
      // RequestActors resolves a request once, for these hooks and the guard alike.
      const actorOf = (req: Request) => actors.of(req);
      return {
        // Validation errors and variables of the wrong type (checked as execution starts:
        // `{"statuz": …}` for an input type, `"EN"` for an enum) both come through here, the
        // latter with their suggestions in `extensions.fields` too.
        async didEncounterErrors({ contextValue, errors }) {
          const anonymous = await actorOf(contextValue.req).then(
            (a) => a.kind === 'anonymous',
            () => true,
          );
          if (!anonymous) return;
          for (const error of errors) {
            error.message = withoutSuggestion(error.message);
            const fields = error.extensions?.fields;
            if (Array.isArray(fields))
              for (const field of fields as { message?: unknown }[])
                if (typeof field?.message === 'string')
                  field.message = withoutSuggestion(field.message);
          }
        },
        async didResolveOperation({ contextValue, document, schema }) {
          if (!introspects(schema, document)) return;
          let who: Actor;
          try {
            who = await actorOf(contextValue.req);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            // Before execution: the formatter maps it like a resolver's (its code, HTTP 200).
            throw new GraphQLError(error.message, {
              originalError: error,
              extensions: { http: { status: 200 } },
            });
          }
          if (who.kind === 'token') return;
          throw new GraphQLError(
            `Introspection is open to API tokens only; the schema is published at ${SCHEMA_FILE_PATH}`,
            { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } },
          );
        },
      };
    },
  };
}

/**
 * Whether a document asks for the schema (`__schema`, `__type`), kept per parsed document: Apollo's
 * document store hands back the same document for the same query text, so a known query is not
 * walked again on every request (about 40 µs for a search page's query).
 */
const INTROSPECTS = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, boolean>>();

function introspects(schema: GraphQLSchema, document: DocumentNode): boolean {
  let known = INTROSPECTS.get(schema);
  if (!known) INTROSPECTS.set(schema, (known = new WeakMap()));
  let answer = known.get(document);
  if (answer === undefined) {
    answer = validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0;
    known.set(document, answer);
  }
  return answer;
}
