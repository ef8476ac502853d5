import type { EntryContent, GeoJsonGeometry } from '../entries/entry-content';
import type { EntryKind } from '../entries/entry-enums';
import type { PublicationMessageKey } from './publication-messages';

/**
 * The vocabulary of the field catalogue: how one field of an entry's content is described.
 * `Catalogue<T>` demands exactly one descriptor per key of `T`, and `Descriptor<V>` demands the
 * descriptor that fits the field's TypeScript type, so the content type and the catalogue cannot
 * drift apart without the compiler saying so.
 */

/** Which indexed column of `entry_version` a field fills (see `FilterColumns`). */
export type FilterColumn =
  | 'title'
  | 'lifecycleStage'
  | 'theme'
  | 'riskClass'
  | 'aiActClass'
  | 'personalData'
  | 'reviewDueDate'
  | 'principleCodes';

/**
 * Facts auditors filter on that live in the version's `filter_facts` JSON (and, as the public may
 * filter on them, in `public_filter_facts`): values, or lists of values for fields of list items.
 */
export type FilterFact =
  | 'automationLevel'
  | 'algorithmType'
  | 'sensorType'
  | 'biasAssessmentDate'
  | 'impactAssessmentTypes'
  | 'suppliers';

/** Which text group of the public search document a field's text goes to. */
export type SearchGroup = 'disclosures' | 'details';

/** When publication needs the field (column "publish" = R in shared/domain/registry-fields.md). */
export interface PublishRule {
  /** Only for these kinds (default: every kind the field applies to). */
  kinds?: EntryKind[];
  /** Only when this holds for the whole content. */
  when?: (content: EntryContent, kind: EntryKind) => boolean;
  /** Also satisfied when this other path (relative to the root) is filled instead. */
  orElse?: string;
  /**
   * What counts as filled (default: not blank). For a field of list items it gets every item's
   * value (`impactAssessments.type` → each assessment's type).
   */
  filled?: (value: never) => boolean;
  /**
   * Why publication needs it, when a bare path would not say: the key of its plain-words
   * message in PUBLICATION_MESSAGES (Swedish and English).
   */
  reason?: PublicationMessageKey;
}

interface Meta {
  /** One line on what the field holds (also the GraphQL description where one is given). */
  description?: string;
  /** Publication needs it: always (`true`) or under a rule. */
  publish?: true | PublishRule;
  /**
   * A department may withhold it (and everything below it) from the public, with a legal
   * ground. Set on a root; everything below inherits it.
   */
  withholdable?: true;
  /**
   * Withheld from the public whenever one of these paths is (or a field above one):
   * its value, or only whether it is filled, would tell what they hold. Every path that its
   * publication rule reads (`when`), and the path whose `orElse` it is, must be here; a unit test
   * checks that. E.g. a high-risk AI system must say whether its deployer is a public body, so
   * that answer shown beside a withheld AI Act class would give the class away.
   */
  withheldWith?: readonly string[];
  /** Copied into an indexed column lists filter and sort on. */
  filter?: FilterColumn;
  /** Copied into the version's filter facts under this name. */
  fact?: FilterFact;
  /** Its text is searched, in this group of the public search document. */
  search?: SearchGroup;
  /** Only these kinds have the field (default: every kind). */
  kinds?: EntryKind[];
}

export interface TextField extends Meta {
  type: 'text' | 'date' | 'url' | 'email' | 'phone';
}
export interface EnumField<V> extends Meta {
  type: 'enum';
  values: Record<string, V>;
}
export interface NumberField extends Meta {
  type: 'int' | 'number';
  /** The smallest and largest value accepted (the API's inputs and the importers hold to them). */
  min?: number;
  max?: number;
}
export interface BooleanField extends Meta {
  type: 'boolean';
}
/** A GeoJSON geometry: a value, replaced whole, never merged or walked. */
export interface GeoJsonField extends Meta {
  type: 'geojson';
}
export interface ObjectField<T> extends Meta {
  type: 'object';
  fields: Catalogue<T>;
}
export interface ListField<I> extends Meta {
  type: 'list';
  of: Descriptor<I>;
  /**
   * Each thing named once (`list-items.ts`): no two texts alike (`true`), or no two items alike
   * in these fields, texts compared with case, width, spacing and invisible characters aside.
   * The API's inputs and the registry (so imports too) refuse a list that repeats one.
   */
  distinct?: [I] extends [string] ? true : readonly (keyof I & string)[];
}

/** The descriptor a value of type `V` must have. */
export type Descriptor<V> = [V] extends [GeoJsonGeometry]
  ? GeoJsonField
  : [V] extends [string]
    ? string extends V
      ? TextField
      : EnumField<V>
    : [V] extends [number]
      ? NumberField
      : [V] extends [boolean]
        ? BooleanField
        : [V] extends [readonly (infer I)[]]
          ? ListField<I>
          : [V] extends [object]
            ? ObjectField<V>
            : never;

/** One descriptor for every key of `T`, no more, no fewer. */
export type Catalogue<T> = { [K in keyof T]-?: Descriptor<NonNullable<T[K]>> };

/** Any descriptor, for code that walks the catalogue. */
export type AnyField =
  | TextField
  | EnumField<unknown>
  | NumberField
  | BooleanField
  | GeoJsonField
  | (Meta & { type: 'object'; fields: Record<string, AnyField> })
  | (Meta & { type: 'list'; of: AnyField; distinct?: true | readonly string[] });
