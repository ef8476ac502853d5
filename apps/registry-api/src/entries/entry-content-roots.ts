import { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  FragmentDefinitionNode,
  GraphQLSchema,
  isInterfaceType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
} from 'graphql';
import { ContentRoots, ENTRY_FIELDS } from '@insyn/registry';

/** Fields of an entry that read nothing of its content: columns, other tables, the entry's id. */
const WITHOUT_CONTENT = new Set([
  '__typename',
  'id',
  'slug',
  'kind',
  'status',
  'version',
  'isPublishedVersion',
  'changeNote',
  'createdAt',
  'updatedAt',
  'firstPublishedAt',
  'publishedAt',
  'retiredAt',
  'retirementReason',
  'department',
  'relations',
  'versions',
  'draftRevisions',
  'concernCounts',
  'publicConcerns',
]);

/** Fields of an entry that read a root of another name (the others read the root they name). */
const ROOTS_OF_FIELD: Record<string, readonly string[]> = {
  reviewOverdue: ['reviewDueDate'],
};

const CONTENT_ROOTS = new Set(Object.keys(ENTRY_FIELDS));

/** The schema's interface of every entry kind (RegistryEntryInterface). */
const ENTRY_INTERFACE = 'RegistryEntry';

/**
 * The parts of an entry's content that an operation can show, for every entry it reaches (a
 * page's nodes, the entries their relations lead to, one entry by id…): the roots of the entry
 * fields it selects anywhere. Undefined, the whole content, when it selects a field not known
 * to read only its own root (`completeness` reads every field; a field added later reads the
 * whole content until it is named here).
 *
 * Fields are taken by name wherever they stand, whatever type they are selected on, through
 * fragments, and whatever `@skip` or `@include` say: a name that another type shares can only
 * make the set larger, never leave out what an entry field shows. The set holds for the whole
 * request (the registry serves one operation per request: Apollo's batching is off), so views
 * read with it may be shared by the request's loaders.
 */
export function entryContentRoots(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): ContentRoots | undefined {
  const known = rootsByOperation.get(operation);
  if (known !== undefined) return known ?? undefined;
  const entryFields = entryFieldNames(schema);
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const roots = new Set<string>();
  let whole = false;
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (whole) return;
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        if (entryFields.has(name) && !WITHOUT_CONTENT.has(name)) {
          const named = ROOTS_OF_FIELD[name] ?? (CONTENT_ROOTS.has(name) ? [name] : null);
          if (named) for (const root of named) roots.add(root);
          else whole = true;
        }
        visit(selection.selectionSet);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else if (!seen.has(selection.name.value)) {
        // A spread once is enough: its fields are the same wherever it stands.
        seen.add(selection.name.value);
        visit(fragments.get(selection.name.value)?.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  const result = whole ? null : roots;
  rootsByOperation.set(operation, result);
  return result ?? undefined;
}

/**
 * Apollo keeps a parsed document per query text, so an operation node comes back with every
 * request that sends the same text: its roots are worked out once (null: the whole content).
 */
const rootsByOperation = new WeakMap<OperationDefinitionNode, ContentRoots | null>();

const fieldNamesBySchema = new WeakMap<GraphQLSchema, ReadonlySet<string>>();

/** The names of the fields of every entry type: the interface and each kind's own. */
function entryFieldNames(schema: GraphQLSchema): ReadonlySet<string> {
  let names = fieldNamesBySchema.get(schema);
  if (!names) {
    const entry = schema.getType(ENTRY_INTERFACE);
    if (!isInterfaceType(entry)) throw new Error(`the schema has no ${ENTRY_INTERFACE} interface`);
    names = new Set(
      [entry, ...schema.getPossibleTypes(entry)].flatMap((type) => Object.keys(type.getFields())),
    );
    fieldNamesBySchema.set(schema, names);
  }
  return names;
}

/** The roots of the request's operation, set by entryContentRootsPlugin (none: whole content). */
const rootsByRequest = new WeakMap<object, ContentRoots>();

/** The content roots the request's operation can show (undefined: read the whole content). */
export function contentRootsOf(request: object): ContentRoots | undefined {
  return rootsByRequest.get(request);
}

/**
 * Works out, once the operation is known and before it runs, which parts of entries' content it
 * can show (entryContentRoots), for the request's reads of entries (EntryLoaders, the entries
 * page) to read no more.
 */
export function entryContentRootsPlugin(): ApolloServerPlugin<{ req: object }> {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ schema, document, operation, contextValue }) => {
        // Without a request to keep them on, the reads take the whole content.
        if (!operation || typeof contextValue?.req !== 'object' || contextValue.req === null)
          return;
        const roots = entryContentRoots(schema, document, operation);
        if (roots) rootsByRequest.set(contextValue.req, roots);
      },
    }),
  };
}
