import { Args, ArgsOptions } from '@nestjs/graphql';

/** Where Nest keeps a method's parameter decorators (`PARAM_ARGS_METADATA` of @nestjs/graphql). */
const PARAM_ARGS_METADATA = '__routeArguments__';

/**
 * Declares an argument of a field resolver in the schema, as `@Args(name, options)` on its
 * second parameter does, for a resolver that takes GraphQL's own (parent, args): with any
 * parameter decorator Nest calls a field resolver through its per-call context (the global pipe
 * and its promises), which costs more than a field resolved for every entry of a list. The value
 * is checked by graphql-js against the argument's schema type, with its default applied; no
 * pipe sees it, so give it only an enum or scalar type that says all there is to check.
 */
export function FieldArg(name: string, options: ArgsOptions): MethodDecorator {
  return (target, key) => {
    Args(name, options)(target, key, 1);
    Reflect.deleteMetadata(PARAM_ARGS_METADATA, target.constructor, key);
  };
}
