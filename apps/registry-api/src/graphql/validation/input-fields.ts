import { applyDecorators } from '@nestjs/common';
import { Field, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ValidateBy,
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  ValidationOptions,
} from 'class-validator';
import { IsURLOptions } from 'validator';
import {
  characterCount,
  emptyTextProblem,
  iriCharacterProblem,
  urlSyntaxProblem,
} from '@insyn/errors';
import { DistinctBy, isEntryId, repeatedItemMessage, repeatedItems } from '@insyn/registry';
import { CalendarDateScalar } from '../scalars/calendar-date.scalar';

/**
 * The input fields entries are made of, each a GraphQL field and its validation in one decorator,
 * so a limit or rule is stated once per field and alike everywhere. Each limit is written into the
 * field's description from the same number the validator gets (`At most 4,000 characters.`), so
 * the schema tells a form what the API will refuse. (Text is trimmed and checked for control
 * characters for every String by the text rule, `graphql/text-rule.ts`.)
 */

/**
 * The id of a record (an entry, a concern, a person, a token, an audit event): a UUID in
 * PostgreSQL's text form, of any version, as `entry(id)` reads one (`isEntryId`). One rule for
 * every id, so an id of no record is not found everywhere, never "not a UUID" in one place and
 * "not found" in another (class-validator's `IsUUID` refuses versions 0 and 9 to f, which
 * PostgreSQL stores).
 */
export const IsRecordId = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isRecordId',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isEntryId(value),
        defaultMessage: (args) => `${args?.property} must be a UUID`,
      },
    },
    options,
  );

/** Links must be absolute http(s) URLs. */
export const HTTP_URL: IsURLOptions = {
  require_protocol: true,
  protocols: ['http', 'https'],
  require_tld: false,
};
export const URL_MAX_LENGTH = 2000;

/** A number as descriptions write it: 4,000. */
export const count = (n: number): string => n.toLocaleString('en-US');

/** `description`, then the limits: "Plain language. At most 400 characters." */
export function withLimits(description: string | undefined, limits: string): string {
  return description ? `${description.replace(/\.?$/, '.')} ${limits}` : limits;
}

export const charactersLimit = (max: number): string => `At most ${count(max)} characters.`;
export const itemsLimit = (max: number): string => `At most ${count(max)} items.`;

const optional = (description: string) => ({ nullable: true, description });

/** The `after` argument of a paginated list. */
export const cursorDescription = (maxLength: number): string =>
  `The cursor of the last entry seen (an edge's cursor or pageInfo.endCursor), to continue after it. ${charactersLimit(maxLength)}`;

/** Optional free text of at most `maxLength` characters. */
export const OptionalText = (maxLength: number, description?: string) =>
  applyDecorators(
    Field(() => String, optional(withLimits(description, charactersLimit(maxLength)))),
    IsOptional(),
    IsString(),
    ShowsSomethingIfAny(),
    MaxLength(maxLength),
  );

/**
 * Optional text, when given, shows something: empty (white space and a byte order mark are
 * trimmed by the text rule before this) or only zero-width or other invisible characters, it
 * would be stored as a blank the completeness check counts as missing, so it is refused; null
 * clears a field, and leaving it out keeps it.
 */
const ShowsSomethingIfAny = () =>
  ValidateBy({
    name: 'showsSomethingIfAny',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || emptyTextProblem(value) === null,
      defaultMessage: (args) =>
        args?.value === ''
          ? `${args.property} is empty: leave it out, or send null to clear it`
          : `${args?.property} holds only characters that do not show: leave it out, or send null to clear it`,
    },
  });

/**
 * An optional selector (a slug to report on, a label to filter by), when given, names something:
 * empty or blank it would read as not given and widen the answer (the city-wide report, every
 * actor's events) under a name the caller meant to give, so it is refused. `leaveOut` says what
 * leaving the argument out means.
 */
export const NamesSomethingIfGiven = (leaveOut: string) =>
  ValidateBy({
    name: 'namesSomethingIfGiven',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || emptyTextProblem(value) === null,
      defaultMessage: (args) => `${args?.property} must not be empty (${leaveOut})`,
    },
  });

/** Text that shows something: not empty, nor only invisible characters (`emptyTextProblem`). */
export const HasVisibleText = () =>
  ValidateBy({
    name: 'hasVisibleText',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && emptyTextProblem(value) === null,
      defaultMessage: (args) =>
        `${args?.property} ${typeof args?.value === 'string' ? emptyTextProblem(args.value) : 'must not be empty'}`,
    },
  });

/**
 * Required text: it must show something once trimmed (not only zero-width or other invisible
 * characters, which a reader sees as nothing), at most `maxLength` characters.
 */
export const RequiredText = (maxLength: number, description?: string) =>
  applyDecorators(
    Field(() => String, {
      description: withLimits(description, `Not empty. ${charactersLimit(maxLength)}`),
    }),
    IsString(),
    HasVisibleText(),
    MaxLength(maxLength),
  );

/**
 * A rule that no two items of a list share a key (`repeatedItems` under `by`, the catalogue's
 * comparison, which the registry applies to imports too): the message names a later item and
 * the earlier one it repeats. Each list's repeats are worked out once, not once per item.
 */
function distinctItems(by: DistinctBy) {
  const repeatsOf = new WeakMap<unknown[], Map<number, number>>();
  return (item: unknown, index: number, list: unknown[]): string | null => {
    let repeats = repeatsOf.get(list);
    if (!repeats) {
      repeats = new Map(repeatedItems(list, by));
      repeatsOf.set(list, repeats);
    }
    const first = repeats.get(index);
    return first === undefined ? null : repeatedItemMessage(first, item, by);
  };
}

/**
 * Every item of a list held to `problem`. The message names the first item that fails it by its
 * index (`keywords.2 must not be empty`), and toFieldProblems makes that the field's path
 * (`input.keywords.2`), as a list of input objects names its items. A list over `maxItems` is
 * ArrayMaxSize's to refuse: its items are not looked at (a 2 MiB body holds 250,000 of them).
 */
const EachItem = (
  name: string,
  maxItems: number,
  problem: (item: unknown, index: number, list: unknown[]) => string | null,
  constraints?: unknown[],
) =>
  ValidateBy({
    name,
    constraints,
    validator: {
      validate: (value: unknown) =>
        !Array.isArray(value) ||
        value.length > maxItems ||
        value.every((item, i) => problem(item, i, value) === null),
      defaultMessage: (args) => {
        const list = Array.isArray(args?.value) ? (args.value as unknown[]) : [];
        const index = list.findIndex((item, i) => problem(item, i, list) !== null);
        const found = problem(list[index], index, list) ?? '';
        // A problem about one field of the item starts with it (`.title is …`).
        return `${args?.property}.${index}${found.startsWith('.') ? '' : ' '}${found}`;
      },
    },
  });

/**
 * Optional list of at most `maxItems` texts, each showing something and of at most `maxLength`
 * characters; with `distinct`, no item twice (compared as `listItemKey` of @insyn/registry has it), as a register's
 * list of districts or languages names each once.
 */
export const OptionalTextList = (
  maxItems: number,
  maxLength: number,
  options: { description?: string; distinct?: boolean } = {},
) =>
  applyDecorators(
    Field(
      () => [String],
      optional(
        withLimits(
          options.description,
          `At most ${count(maxItems)} items${options.distinct ? ', none twice (case aside)' : ''}, each not empty and at most ${count(maxLength)} characters.`,
        ),
      ),
    ),
    IsOptional(),
    ArrayMaxSize(maxItems),
    EachItem(
      'textItems',
      maxItems,
      (item) =>
        typeof item !== 'string'
          ? 'must be a string'
          : (emptyTextProblem(item) ??
            (characterCount(item) > maxLength
              ? `must be at most ${count(maxLength)} characters`
              : null)),
      // The items' length, where the schema test and the importers' limits read it.
      [maxLength],
    ),
    ...(options.distinct
      ? [
          // What the items are compared by, where the catalogue's test reads it.
          EachItem('distinctItems', maxItems, distinctItems(true), [true]),
        ]
      : []),
  );

/** Optional absolute http(s) link. */
export const OptionalUrl = (description?: string) =>
  applyDecorators(
    Field(
      () => String,
      optional(
        withLimits(description, `An absolute http(s) URL. ${charactersLimit(URL_MAX_LENGTH)}`),
      ),
    ),
    IsOptional(),
    IsUrl(HTTP_URL),
    UrlSafe(),
    MaxLength(URL_MAX_LENGTH),
  );

/** Optional calendar date, YYYY-MM-DD: the CalendarDate scalar refuses any other value. */
export const OptionalDate = (description?: string) =>
  applyDecorators(
    Field(() => CalendarDateScalar, { nullable: true, ...(description ? { description } : {}) }),
    IsOptional(),
  );

/** Optional whole number from `min` to `max`. */
export const OptionalInt = (min: number, max: number, description?: string) =>
  applyDecorators(
    Field(() => Int, optional(withLimits(description, `From ${count(min)} to ${count(max)}.`))),
    IsOptional(),
    IsInt(),
    Min(min),
    Max(max),
  );

/** Optional value of a registered GraphQL enum. */
export const OptionalEnum = (type: object, description?: string) =>
  applyDecorators(
    Field(() => type, { nullable: true, ...(description ? { description } : {}) }),
    IsOptional(),
    IsEnum(type),
  );

/** Optional list of at most `maxItems` values of a registered GraphQL enum. */
export const OptionalEnumList = (type: object, maxItems: number, description?: string) =>
  applyDecorators(
    Field(() => [type], optional(withLimits(description, itemsLimit(maxItems)))),
    IsOptional(),
    ArrayMaxSize(maxItems),
    IsEnum(type, { each: true }),
  );

/** Optional nested input object, validated field by field. */
export const OptionalNested = (type: () => new () => object, description?: string) =>
  applyDecorators(
    Field(type, { nullable: true, ...(description ? { description } : {}) }),
    IsOptional(),
    ValidateNested(),
    Type(type),
  );

/** Optional list of nested input objects, at most `maxItems`, each validated. */
export const OptionalNestedList = (
  type: () => new () => object,
  maxItems: number,
  options: { description?: string; distinctBy?: readonly string[] } = {},
) => {
  const by = options.distinctBy ?? [];
  return applyDecorators(
    Field(
      () => [type()],
      optional(
        withLimits(
          options.description,
          `${itemsLimit(maxItems)}${by.length ? ` No two with the same ${listed(by)} (case aside).` : ''}`,
        ),
      ),
    ),
    IsOptional(),
    ArrayMaxSize(maxItems),
    ValidateNested({ each: true }),
    Type(type),
    ...(by.length
      ? [
          // The message names the item's first field (`legalBasis.1.title is item 0 again …`).
          EachItem('distinctItems', maxItems, atField(by[0], distinctItems(by)), [by]),
        ]
      : []),
  );
};

/**
 * No two items of a list of input objects alike by `by` (case aside): the repeating item is named
 * by its first field (`principles.1.code is item 0 again (…): name each once`), as every list of
 * the catalogue names it.
 */
export const DistinctItems = (maxItems: number, by: readonly string[]) =>
  EachItem('distinctItems', maxItems, atField(by[0], distinctItems(by)), [by]);

/** An item rule whose problems are about the item's `field` (`legalBasis.1.title is …`). */
const atField =
  (field: string, problem: (item: unknown, index: number, list: unknown[]) => string | null) =>
  (item: unknown, index: number, list: unknown[]): string | null => {
    const found = problem(item, index, list);
    return found === null ? null : `.${field} ${found}`;
  };

/** `a`, `a and b`, `a, b and c`. */
const listed = (words: readonly string[]): string =>
  words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}` : words[0];

/**
 * A filter's list needs a value: an empty one would read as "no filter" to one client and as
 * "nothing" to another (a script sending its empty selection), so it is refused, naming the
 * field, and the caller says which it means (leave the field out for no filter).
 */
export const NotEmptyFilter = () =>
  ArrayMinSize(1, {
    message: ({ property }) =>
      `${property} must hold at least one value (leave it out not to filter by it)`,
  });

/**
 * A link that must be writable as a URI once `asUri` has encoded its non-ASCII characters (the
 * exports; JSON Schema's `uri`): none of what `urlSyntaxProblem` names.
 */
export const UrlSafe = () =>
  ValidateBy({
    name: 'urlSafe',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || urlSyntaxProblem(value) === null,
      defaultMessage: (args) => `${args?.property} ${urlSyntaxProblem(String(args?.value))}`,
    },
  });

/**
 * Text that must be writable as an IRI (a link, an e-mail address the exports write as
 * `mailto:`): none of the characters `iriCharacterProblem` names.
 */
export const IriSafe = () =>
  ValidateBy({
    name: 'iriSafe',
    validator: {
      validate: (value: unknown) =>
        typeof value !== 'string' || iriCharacterProblem(value) === null,
      defaultMessage: (args) => `${args?.property} ${iriCharacterProblem(String(args?.value))}`,
    },
  });
