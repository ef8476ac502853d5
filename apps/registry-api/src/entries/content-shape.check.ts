import type { EntryContent, GeoJsonGeometry } from '@insyn/registry';
import type { AlgorithmInput, DatasetInput, IotDeploymentInput } from './inputs/entry.inputs';
import type {
  AlgorithmObject,
  DatasetObject,
  IotDeploymentObject,
} from './objects/entry-kinds.objects';

/**
 * Compile-time checks that the GraphQL inputs and objects have the shape of the content the field
 * catalogue describes (libs/registry/src/catalogue), at every level of nesting: a field added to
 * the content but not to an input or object, or an input field the content does not have, fails
 * `npm run typecheck` with the field's name. Nothing here runs.
 */

type Leaf = string | number | boolean | GeoJsonGeometry;
type Item<T> = T extends readonly (infer I)[] ? I : T;
type Inner<T> = NonNullable<Item<NonNullable<T>>>;

/** Names of the fields where `Actual` differs from `Content` (missing, or unknown when `exact`). */
type ShapeProblems<Actual, Content, Exact extends boolean> =
  | { [K in Exclude<keyof Content, keyof Actual>]: `missing: ${K & string}` }[Exclude<
      keyof Content,
      keyof Actual
    >]
  | (Exact extends true
      ? {
          [K in Exclude<keyof Actual, keyof Content>]: `not in the content: ${K & string}`;
        }[Exclude<keyof Actual, keyof Content>]
      : never)
  | {
      [K in keyof Content & keyof Actual]: Inner<Content[K]> extends Leaf
        ? never
        : ShapeProblems<Inner<Actual[K]>, Inner<Content[K]>, true>;
    }[keyof Content & keyof Actual];

/** Fails to compile, naming the problems, unless there are none. */
type NoProblems<T extends never> = T;

type KindContent<K extends 'algorithm' | 'dataset' | 'iotDeployment'> = Omit<
  EntryContent,
  Exclude<'algorithm' | 'dataset' | 'iotDeployment', K>
>;

// Inputs: exactly the content's fields, at every level.
export type AlgorithmInputMatches = NoProblems<
  ShapeProblems<AlgorithmInput, KindContent<'algorithm'>, true>
>;
export type DatasetInputMatches = NoProblems<
  ShapeProblems<DatasetInput, KindContent<'dataset'>, true>
>;
export type IotDeploymentInputMatches = NoProblems<
  ShapeProblems<IotDeploymentInput, KindContent<'iotDeployment'>, true>
>;

// Objects: every field of the content (principles resolve through a field resolver), and
// nested objects exactly.
export type AlgorithmObjectMatches = NoProblems<
  ShapeProblems<AlgorithmObject, Omit<KindContent<'algorithm'>, 'principles'>, false>
>;
export type DatasetObjectMatches = NoProblems<
  ShapeProblems<DatasetObject, Omit<KindContent<'dataset'>, 'principles'>, false>
>;
export type IotDeploymentObjectMatches = NoProblems<
  ShapeProblems<IotDeploymentObject, Omit<KindContent<'iotDeployment'>, 'principles'>, false>
>;
