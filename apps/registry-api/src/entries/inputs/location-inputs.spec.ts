import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';
import { DeploymentLocationInput } from './kind-details.inputs';
import { GeoPointInput } from './shared-content.inputs';

/** Each refused property with its messages, as the error formatter receives them. */
async function refusals(type: new () => object, plain: object): Promise<Record<string, string[]>> {
  const errors = await validate(plainToInstance(type, plain), { forbidUnknownValues: true });
  const flat = (list: ValidationError[], prefix = ''): [string, string[]][] =>
    list.flatMap((e) => [
      ...(e.constraints
        ? [[prefix + e.property, Object.values(e.constraints)] as [string, string[]]]
        : []),
      ...flat(e.children ?? [], `${prefix}${e.property}.`),
    ]);
  return Object.fromEntries(flat(errors));
}

describe('a location’s point', () => {
  it.each([1e-7, -1e-7, 1e-10, 5e-324, -5e-324, 0, -0, 89.99999999999999, 90, -90])(
    'takes latitude and longitude %p, however small',
    async (n) => {
      expect(await refusals(GeoPointInput, { lat: n, lon: n })).toEqual({});
    },
  );

  it.each([90.000001, -91, Infinity, NaN, 1e300])('refuses %p out of range', async (n) => {
    expect(await refusals(GeoPointInput, { lat: n, lon: n * 2 })).toEqual({
      lat: ['lat must be a latitude between -90 and 90'],
      lon: ['lon must be a longitude between -180 and 180'],
    });
  });
});

describe('a location’s area', () => {
  const ring = (...positions: number[][]) => [...positions, positions[0]];
  const area = (...rings: number[][][]) => ({
    description: 'Torget',
    area: { type: 'Polygon', coordinates: rings },
  });

  it.each([
    [
      'an asymmetric bow-tie',
      area(ring([0, 0], [2, 2], [2, 0], [0, 1])),
      'area must have a boundary that does not cross or touch itself: in ring coordinates.0, the edge from position 0 to 1 meets the edge from position 2 to 3',
    ],
    [
      'a hole outside its outer ring',
      area(ring([0, 0], [1, 0], [1, 1], [0, 1]), ring([5, 5], [5, 6], [6, 6], [6, 5])),
      'area must have its holes inside its outer ring: ring coordinates.1 lies outside ring coordinates.0',
    ],
    [
      'a ring meant across the antimeridian',
      area(ring([179, 10], [-179, 10], [-179, 11], [179, 11])),
      'area must not span more than 180° of longitude in one ring: ring coordinates.0 runs from -179 to 179 (358°), which RFC 7946 reads as the long way round the globe; an area across the antimeridian is a MultiPolygon split there, one polygon on each side (RFC 7946 §3.1.9)',
    ],
    [
      'a MultiPolygon whose polygons overlap',
      {
        description: 'Torget',
        area: {
          type: 'MultiPolygon',
          coordinates: [
            [ring([0, 0], [2, 0], [2, 2], [0, 2])],
            [ring([5, 5], [6, 5], [6, 6], [5, 6])],
            [ring([1, 1], [3, 1], [3, 3], [1, 3])],
          ],
        },
      },
      'area must have polygons whose interiors do not overlap: coordinates.0 and coordinates.2 overlap (ring coordinates.2.0 (its edge from position 3 to 4) crosses ring coordinates.0.0 (its edge from position 2 to 3))',
    ],
  ])('refuses %s, saying what is wrong', async (_, input, message) => {
    expect(await refusals(DeploymentLocationInput, input)).toEqual({ area: [message] });
  });

  it('takes a simple polygon with a hole, drawn either way round', async () => {
    const outer = ring([0, 0], [0, 10], [10, 10], [10, 0]);
    const hole = ring([2, 2], [4, 2], [4, 4], [2, 4]);
    expect(await refusals(DeploymentLocationInput, area(outer, hole))).toEqual({});
    expect(
      await refusals(DeploymentLocationInput, area([...outer].reverse(), [...hole].reverse())),
    ).toEqual({});
  });

  it('takes a hole touching the outer ring at one point, as GIS tools do', async () => {
    const outer = ring([0, 0], [10, 0], [10, 10], [0, 10]);
    const touching = ring([0, 5], [2, 3], [4, 5], [2, 7]);
    expect(await refusals(DeploymentLocationInput, area(outer, touching))).toEqual({});
  });
});
