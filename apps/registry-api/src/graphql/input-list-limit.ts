import {
  DocumentNode,
  getNullableType,
  GraphQLArgument,
  GraphQLInputField,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  Kind,
  OperationDefinitionNode,
  TypeInfo,
  typeFromAST,
  ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { TypeMetadataStorage } from '@nestjs/graphql';
import { getMetadataStorage } from 'class-validator';
import { FieldProblem } from '@insyn/errors';
import { nameOf } from './field-paths';

/**
 * Items of a list whose field states no limit of its own (`extensions.maxItems`, set by
 * `withListLimits`; a list inside a list): the longest list any input states, an IoT deployment's
 * locations. The schema test holds every list field and argument to stating its own.
 */
export const MAX_INPUT_LIST_ITEMS = 500;

/**
 * Items (of all lists, in the document and the variables) the validation pipe may be given for
 * an operation with a list over its limit: about 60 ms of its work. Up to this, the pipe answers,
 * listing every problem of the input at once; past it, the lists over their limits alone are
 * the answer, before anything coerces or validates an item.
 */
export const PIPE_ITEMS = 1_000;

interface ListLimit {
  maxItems: number;
  message?: string;
}

const UNSTATED: ListLimit = { maxItems: MAX_INPUT_LIST_ITEMS };

/** A class class-validator knows the rules of (an input type's, an args type's). */
type ValidatedClass = Parameters<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[0];

/**
 * Writes each list's most items, as the validation pipe enforces them (`ArrayMaxSize`, with its
 * message if it has one of its own), into the schema: `extensions.maxItems` of every input field
 * and argument that has one, so that `inputListProblems` reads the very limit the pipe will
 * apply. Nest carries no extensions to arguments, hence from class-validator's metadata for both.
 */
export function withListLimits(schema: GraphQLSchema): GraphQLSchema {
  const limitsOf = (target: ValidatedClass) => {
    const limits = new Map<string, ListLimit>();
    for (const v of getMetadataStorage().getTargetValidationMetadatas(target, '', true, false)) {
      if (v.name !== 'arrayMaxSize' || v.each) continue;
      const [maxItems] = v.constraints as number[];
      limits.set(
        v.propertyName,
        typeof v.message === 'string' ? { maxItems, message: v.message } : { maxItems },
      );
    }
    return limits;
  };
  const write = (
    definition: { extensions: Readonly<Record<string, unknown>> } | undefined,
    limit: ListLimit | undefined,
  ) => {
    if (!definition || !limit) return;
    (definition as { extensions: Record<string, unknown> }).extensions = {
      ...definition.extensions,
      maxItems: limit.maxItems,
      ...(limit.message ? { maxItemsMessage: limit.message } : {}),
    };
  };
  for (const input of TypeMetadataStorage.getInputTypesMetadata()) {
    const type = schema.getType(input.name);
    if (!isInputObjectType(type)) continue;
    const fields = type.getFields();
    for (const [name, limit] of limitsOf(input.target))
      write(Object.hasOwn(fields, name) ? fields[name] : undefined, limit);
  }
  const roots = [
    [schema.getQueryType(), TypeMetadataStorage.getQueriesMetadata()],
    [schema.getMutationType(), TypeMetadataStorage.getMutationsMetadata()],
  ] as const;
  for (const [root, resolvers] of roots) {
    if (!root) continue;
    for (const resolver of resolvers) {
      const field = root.getFields()[resolver.schemaName];
      for (const param of resolver.methodArgs ?? []) {
        if (param.kind !== 'args' || !field) continue;
        for (const [name, limit] of limitsOf(param.typeFn() as ValidatedClass))
          write(
            field.args.find((a) => a.name === name),
            limit,
          );
      }
    }
  }
  return schema;
}

/** The limit a field or argument states (`withListLimits`), or the one for lists that state none. */
function limitOf(definition: GraphQLArgument | GraphQLInputField | undefined | null): ListLimit {
  const { maxItems, maxItemsMessage } = (definition?.extensions ?? {}) as {
    maxItems?: unknown;
    maxItemsMessage?: unknown;
  };
  if (typeof maxItems !== 'number') return UNSTATED;
  return typeof maxItemsMessage === 'string'
    ? { maxItems, message: maxItemsMessage }
    : { maxItems };
}

function problem(path: string, limit: ListLimit): FieldProblem {
  return {
    field: path,
    message: limit.message ?? `${nameOf(path)} must have at most ${limit.maxItems} items`,
  };
}

/** What a walk over an operation's lists found: lists over their limits, and items in all. */
interface ListWalk {
  problems: FieldProblem[];
  items: number;
}

/** Whether the walk has seen enough: a list over its limit, among more items than the pipe may take. */
const settled = (walk: ListWalk) => walk.problems.length > 0 && walk.items > PIPE_ITEMS;

/**
 * Lists of a JSON value (a variable's) longer than their field allows, found without coercing
 * it: each list is measured before its items are visited, and the walk stops once `settled`. A
 * JSON scalar's value (a GeoJSON area) is its own: its rule counts what it holds.
 */
function valueProblems(
  type: GraphQLInputType,
  value: unknown,
  path: string,
  limit: ListLimit,
  walk: ListWalk,
): void {
  if (value === null || value === undefined || settled(walk)) return;
  const nullable = getNullableType(type);
  if (isListType(nullable)) {
    const itemType = nullable.ofType as GraphQLInputType;
    // One value where a list is asked for stands for a list of it (graphql-js coerces so).
    if (!Array.isArray(value)) return valueProblems(itemType, value, path, UNSTATED, walk);
    walk.items += value.length;
    if (value.length > limit.maxItems) walk.problems.push(problem(path, limit));
    for (let i = 0; i < value.length && !settled(walk); i++)
      valueProblems(itemType, value[i], `${path}.${i}`, UNSTATED, walk);
  } else if (isInputObjectType(nullable) && typeof value === 'object' && !Array.isArray(value)) {
    const fields = nullable.getFields();
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
      if (field) valueProblems(field.type, item, `${path}.${key}`, limitOf(field), walk);
    }
  }
}

/** The same for a literal in the document; records where each variable is first used, and how. */
function literalProblems(
  type: GraphQLInputType | undefined,
  node: ValueNode,
  path: string,
  limit: ListLimit,
  walk: ListWalk,
  uses: Map<string, { path: string; limit: ListLimit }>,
): void {
  if (node.kind === Kind.VARIABLE) {
    if (!uses.has(node.name.value)) uses.set(node.name.value, { path, limit });
    return;
  }
  // Inside a scalar's value (a GeoJSON literal) or a field validation refuses, nothing is
  // measured: only variables are looked for.
  const nullable = type && getNullableType(type);
  if (node.kind === Kind.LIST) {
    const isList = nullable !== undefined && isListType(nullable);
    if (isList) {
      walk.items += node.values.length;
      if (node.values.length > limit.maxItems) walk.problems.push(problem(path, limit));
    }
    const itemType = isList ? (nullable.ofType as GraphQLInputType) : undefined;
    // Every item is visited, for the variables in it: a document holds at most a few thousand.
    node.values.forEach((item, i) =>
      literalProblems(itemType, item, `${path}.${i}`, UNSTATED, walk, uses),
    );
  } else if (node.kind === Kind.OBJECT) {
    const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : {};
    for (const field of node.fields) {
      const definition = Object.hasOwn(fields, field.name.value)
        ? fields[field.name.value]
        : undefined;
      literalProblems(
        definition?.type,
        field.value,
        `${path}.${field.name.value}`,
        definition ? limitOf(definition) : UNSTATED,
        walk,
        uses,
      );
    }
  }
}

/** What the document's own lists are, per operation: Apollo hands back one parsed document per text. */
const byOperation = new WeakMap<
  OperationDefinitionNode,
  { literals: ListWalk; uses: Map<string, { path: string; limit: ListLimit }> }
>();

function documentLists(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
) {
  const known = byOperation.get(operation);
  if (known) return known;
  const literals: ListWalk = { problems: [], items: 0 };
  const uses = new Map<string, { path: string; limit: ListLimit }>();
  const typeInfo = new TypeInfo(schema);
  const fragments = document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION);
  for (const definition of [operation, ...fragments]) {
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Argument(node) {
          const argument = typeInfo.getArgument();
          literalProblems(
            argument?.type,
            node.value,
            node.name.value,
            limitOf(argument),
            literals,
            uses,
          );
          return false; // its value was walked above
        },
      }),
    );
  }
  const lists = { literals, uses };
  byOperation.set(operation, lists);
  return lists;
}

/**
 * Every list of the operation, written in the document or given in its variables, that holds more
 * items than its field or argument allows, when its lists hold more than PIPE_ITEMS items in
 * all (otherwise none: the pipe is quick then, and names every problem): found before anything
 * coerces or validates the items
 * (graphql-js, then the validation pipe turning each into a class instance, at about 60 µs an
 * item: 600,000 empty objects in 1.8 MB of variables held the server for 40 s before the pipe
 * refused the list for having more than 10). Named from the argument, as the pipe names them.
 * The walks are recursive, on a request whose nesting `nestingLimit` bounded before parsing.
 */
export function inputListProblems(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables?: Record<string, unknown>,
): FieldProblem[] {
  // Three plugins ask for one request (their hooks run at once): its variables are walked once.
  const known = variables && byVariables.get(variables);
  if (known) return known;
  const { literals, uses } = documentLists(schema, document, operation);
  const walk: ListWalk = { problems: [...literals.problems], items: literals.items };
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) continue; // refused by validation already
    const use = uses.get(name);
    valueProblems(type, variables?.[name], use?.path ?? name, use?.limit ?? UNSTATED, walk);
  }
  const problems = settled(walk) ? walk.problems : [];
  if (variables) byVariables.set(variables, problems);
  return problems;
}

/** What `inputListProblems` found for a request's variables (the object Apollo parsed). */
const byVariables = new WeakMap<object, FieldProblem[]>();
