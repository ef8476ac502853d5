import { ApolloServerPlugin } from '@apollo/server';
import { ReadRouting } from '@insyn/database';

/**
 * A mutation reads from the primary from its first statement (read-your-writes: what it returns
 * is read after its write); queries keep the routing the HTTP layer chose (publicReadsMiddleware).
 */
export function readRoutingPlugin(routing: ReadRouting): ApolloServerPlugin {
  return {
    requestDidStart: async () => ({
      didResolveOperation: async ({ operation }) => {
        if (operation?.operation !== 'query') routing.usePrimary();
      },
    }),
  };
}
