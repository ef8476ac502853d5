import { GraphQLError, ValueNode } from 'graphql';

/**
 * A value one of our scalars refuses. Its message is the end of a sentence ("must be …") so that
 * the error naming the field can start with the field's name (`startDate must be …`).
 */
export class ScalarValueError extends GraphQLError {
  constructor(message: string, node?: ValueNode) {
    super(message, node ? { nodes: node } : undefined);
  }
}
