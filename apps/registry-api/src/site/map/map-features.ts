import { EntryView, GeoJsonGeometry } from '@insyn/registry';

/** One place of an IoT deployment: a point, an area, or both, from its public locations. */
export interface MapPlace {
  view: EntryView;
  /** Position of the location in the entry's list (stable anchor for the list beside the map). */
  index: number;
  description: string;
  point?: { lat: number; lon: number };
  area?: GeoJsonGeometry;
}

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/** The places of the deployments' public locations (withheld points and areas are already gone). */
export function placesOf(views: EntryView[]): MapPlace[] {
  return views.flatMap((view) =>
    (view.content.iotDeployment?.locations ?? []).flatMap((location, index): MapPlace[] => {
      const point =
        location.point && finite(location.point.lat) && finite(location.point.lon)
          ? { lat: location.point.lat, lon: location.point.lon }
          : undefined;
      const area =
        location.area && Array.isArray(location.area.coordinates) ? location.area : undefined;
      if (!point && !area) return [];
      return [{ view, index, description: location.description ?? '', point, area }];
    }),
  );
}

/** Every outer and inner ring of a Polygon or MultiPolygon, as [lon, lat] positions. */
export function ringsOf(area: GeoJsonGeometry): number[][][] {
  const polygons = (
    area.type === 'Polygon' ? [area.coordinates] : area.coordinates
  ) as number[][][][];
  return polygons.flatMap((polygon) => polygon);
}

/** An SVG drawing of the places: equirectangular, scaled by the cosine of the middle latitude. */
export interface SvgDrawing {
  width: number;
  height: number;
  points: { place: MapPlace; x: number; y: number }[];
  areas: { place: MapPlace; d: string }[];
}

const WIDTH = 800;
const MARGIN = 24;

export function drawPlaces(places: MapPlace[]): SvgDrawing {
  const positions = places.flatMap((p) => [
    ...(p.point ? [[p.point.lon, p.point.lat]] : []),
    ...(p.area ? ringsOf(p.area).flat() : []),
  ]);
  if (!positions.length) return { width: WIDTH, height: WIDTH / 2, points: [], areas: [] };
  const lons = positions.map((p) => p[0]);
  const lats = positions.map((p) => p[1]);
  let [minLon, maxLon, minLat, maxLat] = [
    Math.min(...lons),
    Math.max(...lons),
    Math.min(...lats),
    Math.max(...lats),
  ];
  // A single point (or a line) still gets some room around it.
  const pad = 0.002;
  if (maxLon - minLon < pad) [minLon, maxLon] = [minLon - pad, maxLon + pad];
  if (maxLat - minLat < pad) [minLat, maxLat] = [minLat - pad, maxLat + pad];
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = (maxLon - minLon) * k;
  const spanY = maxLat - minLat;
  const scale = (WIDTH - 2 * MARGIN) / spanX;
  const height = Math.max(240, Math.min(900, Math.round(spanY * scale + 2 * MARGIN)));
  const scaleY = Math.min(scale, (height - 2 * MARGIN) / spanY);
  const x = (lon: number) => round(MARGIN + (lon - minLon) * k * scale);
  const y = (lat: number) => round(height - MARGIN - (lat - minLat) * scaleY);
  return {
    width: WIDTH,
    height,
    points: places
      .filter((p) => p.point)
      .map((place) => ({ place, x: x(place.point!.lon), y: y(place.point!.lat) })),
    areas: places
      .filter((p) => p.area)
      .map((place) => ({
        place,
        d: ringsOf(place.area!)
          .map(
            (ring) =>
              ring.map(([lon, lat], i) => `${i ? 'L' : 'M'}${x(lon)} ${y(lat)}`).join(' ') + ' Z',
          )
          .join(' '),
      })),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
