/** Where GraphQL is served (POST and GET), and its explorer page (GET from a browser). */
export const GRAPHQL_PATH = '/graphql';
