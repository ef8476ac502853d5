/** Where Meilisearch is and the master key the app uses only for administration. */
export class SearchConnection {
  constructor(
    readonly host: string,
    readonly masterKey: string,
    /** Prefix for every index name, so test files and cities can share one server. */
    readonly indexPrefix = 'insyn',
  ) {}
}
