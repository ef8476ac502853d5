import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, execute, parse, validate } from 'graphql';

/**
 * `node graphql-floor.js` (NODE_ENV=production, as the API runs): what graphql-js alone costs
 * for a page the API gave. It reads `{ query, variables, data, rounds }` on standard input,
 * executes the query against the registry's published schema (schema.gql) with `data` as the
 * root value and plain resolvers, as JSON, `rounds` times, and prints the CPU time per page in
 * ms: the floor under the API's own reading of the page (issue 14's auditor figure).
 */
function main(): void {
  const input = JSON.parse(readFileSync(0, 'utf8')) as {
    query: string;
    variables: Record<string, unknown>;
    data: Record<string, unknown>;
    rounds: number;
  };
  const schema = buildSchema(readFileSync(join(__dirname, '..', '..', '..', 'schema.gql'), 'utf8'));
  const document = parse(input.query);
  const errors = validate(schema, document);
  if (errors.length) throw new Error(errors.map((e) => e.message).join('; '));
  // Any type that has the fields asked for: the page asks only for fields of the interface.
  const typeResolver = () => 'Algorithm';
  const once = () => {
    const result = execute({
      schema,
      document,
      rootValue: input.data,
      variableValues: input.variables,
      typeResolver,
    }) as { errors?: readonly Error[] };
    if (result.errors?.length) throw new Error(result.errors[0].message);
    return JSON.stringify(result);
  };
  for (let i = 0; i < Math.max(50, input.rounds); i++) once();
  const before = process.cpuUsage();
  for (let i = 0; i < input.rounds; i++) once();
  const used = process.cpuUsage(before);
  process.stdout.write(JSON.stringify({ cpuMs: (used.user + used.system) / 1000 / input.rounds }));
}

main();
