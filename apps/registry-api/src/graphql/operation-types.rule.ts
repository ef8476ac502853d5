import { GraphQLError, ValidationRule } from 'graphql';

/**
 * Refuses an operation of a type the schema has no root for (`subscription { … }`: the registry
 * has queries and mutations only) while validating, so that it is answered HTTP 400
 * GRAPHQL_VALIDATION_FAILED. graphql-js 16 lets it through validation and fails it while
 * executing, with no code (which Apollo answers as INTERNAL_SERVER_ERROR, HTTP 200). graphql-js 17
 * has this rule as KnownOperationTypesRule.
 */
export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (context.getSchema().getRootType(node.operation)) return;
    context.reportError(
      new GraphQLError(
        `The registry's schema has no ${node.operation} operations (only queries and mutations)`,
        { nodes: node },
      ),
    );
  },
});
