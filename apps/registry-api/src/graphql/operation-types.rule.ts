import { GraphQLError, Kind, OperationTypeNode, SelectionSetNode, ValidationRule } from 'graphql';

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

/**
 * A mutation request runs one mutation. graphql-js runs a mutation's root fields one after the
 * other, each committing on its own; when a later one is refused, its non-null result nulls
 * `data`, and the client cannot tell that the earlier ones were written. One root field (counted
 * through fragments, `__typename` aside) keeps a request all or nothing.
 */
export const oneMutationRule: ValidationRule = (context) => {
  const fragments = new Map(
    context
      .getDocument()
      .definitions.flatMap((d) =>
        d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
      ),
  );
  const rootFields = (set: SelectionSetNode, seen: Set<string>): number =>
    set.selections.reduce((n, selection) => {
      if (selection.kind === Kind.FIELD) return n + (selection.name.value === '__typename' ? 0 : 1);
      if (selection.kind === Kind.INLINE_FRAGMENT)
        return n + rootFields(selection.selectionSet, seen);
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // A cycle or an unknown fragment is reported by graphql-js's own rules.
      if (!fragment || seen.has(name)) return n;
      return n + rootFields(fragment.selectionSet, new Set([...seen, name]));
    }, 0);
  return {
    OperationDefinition(node) {
      if (node.operation !== OperationTypeNode.MUTATION) return;
      if (rootFields(node.selectionSet, new Set()) <= 1) return;
      context.reportError(
        new GraphQLError(
          'A request may run one mutation: send each in a request of its own (each is all or nothing; several in one would leave the earlier ones written when a later one is refused)',
          { nodes: node },
        ),
      );
    },
  };
};
