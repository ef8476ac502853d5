import {
  FieldNode,
  FragmentDefinitionNode,
  GraphQLResolveInfo,
  Kind,
  SelectionSetNode,
} from 'graphql';

/**
 * The field nodes a query selects at `path` below the field being resolved (through fragment
 * spreads and inline fragments, whatever their type condition). `@skip` and `@include` are not
 * evaluated: a field they leave out still counts as selected, which can only mean reading
 * something that is not shown.
 */
export function selectedAt(info: GraphQLResolveInfo, path: readonly string[]): FieldNode[] {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  for (const name of path)
    nodes = nodes.flatMap((node) => fieldsNamed(node.selectionSet, name, info.fragments));
  return [...nodes];
}

/** Whether the query selects anything at `path` below the field being resolved. */
export function selects(info: GraphQLResolveInfo, path: readonly string[]): boolean {
  return selectedAt(info, path).length > 0;
}

function fieldsNamed(
  set: SelectionSetNode | undefined,
  name: string,
  fragments: Record<string, FragmentDefinitionNode>,
  seen: ReadonlySet<string> = new Set(),
): FieldNode[] {
  if (!set) return [];
  return set.selections.flatMap((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        return selection.name.value === name ? [selection] : [];
      case Kind.INLINE_FRAGMENT:
        return fieldsNamed(selection.selectionSet, name, fragments, seen);
      case Kind.FRAGMENT_SPREAD: {
        const fragment = selection.name.value;
        // Validation refuses cycles; the guard only keeps a bad document from looping.
        if (seen.has(fragment)) return [];
        return fieldsNamed(
          fragments[fragment]?.selectionSet,
          name,
          fragments,
          new Set([...seen, fragment]),
        );
      }
    }
  });
}
