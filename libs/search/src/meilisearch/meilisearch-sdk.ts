/**
 * The official `meilisearch` client ships only ES modules, and its type declarations are reachable
 * only through its `exports` map, which this project's `moduleResolution: node` does not read.
 * Types come from the declaration file by path (type-only, erased at build); the code is loaded
 * with `require`, which Node ≥ 20.19 allows for ES modules (and Jest transpiles it).
 */
import type * as Sdk from 'meilisearch/dist/index.js';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require('meilisearch') as typeof Sdk;

export const { Meilisearch, MeilisearchApiError, MeilisearchRequestError } = sdk;
export const { MeilisearchRequestTimeOutError, MeilisearchTaskTimeOutError } = sdk;

export type Meilisearch = Sdk.Meilisearch;
export type MeilisearchApiError = Sdk.MeilisearchApiError;
export type Index<T extends Sdk.RecordAny = Sdk.RecordAny> = Sdk.Index<T>;
export type Config = Sdk.Config;
export type Settings = Sdk.Settings;
export type Task = Sdk.Task;
export type EnqueuedTask = Sdk.EnqueuedTask;
export type SearchParams = Sdk.SearchParams;
export type SearchResponse<T extends Sdk.RecordAny> = Sdk.SearchResponse<T>;
export type MultiSearchParams = Sdk.MultiSearchParams;
export type Key = Sdk.Key;
