import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import { CATALOGUE_FIELDS, CONTENT_SIZES, DISTINCT_LISTS } from '@insyn/registry';
import { AlgorithmInput, DatasetInput, IotDeploymentInput } from './entry.inputs';

// class-transformer keeps the nested input types (@Type) in a storage it does not export by name.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as {
  defaultMetadataStorage: {
    findTypeMetadata(target: object, property: string): { typeFunction(): unknown } | undefined;
  };
};

type Sizes = Record<
  string,
  { maxLength?: number; maxItems?: number; min?: number; max?: number; distinct?: unknown }
>;

/** The size limits the inputs validate with, by content path, read from their decorators. */
function inputSizes(): Sizes {
  const sizes: Sizes = {};
  const walk = (target: new () => unknown, prefix: string, seen: Set<unknown>) => {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(target, '', false, false);
    for (const property of new Set(metadata.map((m) => m.propertyName))) {
      const path = prefix + property;
      for (const m of metadata.filter((m) => m.propertyName === property)) {
        const limit = m.constraints?.[0] as number;
        // (`textItems`: a text list's items, their length its constraint.)
        if (m.name === 'maxLength' || m.name === 'textItems')
          sizes[path] = { ...sizes[path], maxLength: limit };
        if (m.name === 'arrayMaxSize') sizes[path] = { ...sizes[path], maxItems: limit };
        if (m.name === 'min') sizes[path] = { ...sizes[path], min: limit };
        if (m.name === 'max') sizes[path] = { ...sizes[path], max: limit };
        // (`distinctItems`: what a list's items are compared by, its constraint.)
        if (m.name === 'distinctItems')
          sizes[path] = { ...sizes[path], distinct: m.constraints?.[0] };
      }
      const nested = defaultMetadataStorage.findTypeMetadata(target, property)?.typeFunction();
      if (typeof nested === 'function' && !seen.has(nested))
        walk(nested as new () => unknown, `${path}.`, new Set([...seen, nested]));
    }
  };
  for (const input of [AlgorithmInput, DatasetInput, IotDeploymentInput])
    walk(input, '', new Set());
  return sizes;
}

describe('CONTENT_SIZES (the importers’ size limits)', () => {
  it('are the limits the API’s inputs validate with, path by path', () => {
    const lengths = Object.fromEntries(
      Object.entries(inputSizes())
        .map(([path, { maxLength, maxItems }]) => [path, { maxLength, maxItems }] as const)
        .filter(([, sizes]) => sizes.maxLength !== undefined || sizes.maxItems !== undefined)
        .map(([path, sizes]) => [path, JSON.parse(JSON.stringify(sizes)) as object]),
    );
    expect(CONTENT_SIZES).toEqual(lengths);
  });

  it('the catalogue’s ranges of whole numbers are the ones the API’s inputs validate with', () => {
    const inputs = inputSizes();
    const ints = CATALOGUE_FIELDS.filter(({ field }) => field.type === 'int');
    expect(ints.length).toBeGreaterThan(0);
    for (const { path, field } of ints)
      expect({
        path,
        min: 'min' in field ? field.min : undefined,
        max: 'max' in field ? field.max : undefined,
      }).toEqual({
        path,
        min: inputs[path]?.min,
        max: inputs[path]?.max,
      });
  });

  it('give every text of the catalogue a length and every list a number of items', () => {
    // A phone number's pattern bounds it, and a principle's code is one of the catalogue's.
    const bounded = ['contact.phone', 'principles.code'];
    const missing = CATALOGUE_FIELDS.filter(({ path, field }) =>
      bounded.includes(path)
        ? false
        : field.type === 'list'
          ? CONTENT_SIZES[path]?.maxItems === undefined
          : ['text', 'url', 'email', 'phone'].includes(field.type) &&
            CONTENT_SIZES[path]?.maxLength === undefined,
    ).map((f) => f.path);
    expect(missing).toEqual([]);
  });

  it('the lists that name each thing once are the catalogue’s, compared by the same fields', () => {
    const inputs = Object.entries(inputSizes())
      .filter(([, rules]) => rules.distinct !== undefined)
      .map(([path, rules]) => ({ path, by: rules.distinct }));
    expect(inputs.length).toBeGreaterThan(0);
    const sorted = <T extends { path: string }>(list: T[]) =>
      [...list].sort((a, b) => a.path.localeCompare(b.path));
    // And the two lists outside the catalogue that the registry names once itself
    // (assertNamedOnce): a principle's rationale, a language's translation.
    expect(sorted(inputs)).toEqual(
      sorted([
        ...DISTINCT_LISTS,
        { path: 'principles', by: ['code'] },
        { path: 'translations', by: ['language'] },
      ]),
    );
    // Each is a list of its own, not one inside another list's items, whose path has no index.
    for (const { path } of DISTINCT_LISTS)
      expect({ path, inList: CATALOGUE_FIELDS.find((f) => f.path === path)?.inList }).toEqual({
        path,
        inList: false,
      });
  });
});
