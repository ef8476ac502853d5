/**
 * Node's flags for the long-running processes (the API and the indexer), wherever they start:
 * package.json's `start` scripts, the production image (NODE_OPTIONS) and the benchmark's servers
 * (test/server-node-flags.e2e-spec.ts holds them together).
 *
 * A larger young generation (64 MiB semi-spaces, against V8's 16 MiB): a request's short-lived
 * objects (rows, views, GraphQL results) die there instead of being scavenged and promoted, one
 * page of 50 entries being a few MiB of them. The auditor page of issue 14 took about a tenth
 * less of the API's CPU with it; the young generation grows to at most 3 × 64 MiB, and only
 * under load. See README, Performance.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=64'] as const;
