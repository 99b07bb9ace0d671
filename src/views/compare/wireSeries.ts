// Encoding a downsampled series for the Compare webview: Float32 columns in base64 (about a third
// of the size of JSON numbers), times as seconds after the series' first point so Float32 keeps
// sub-second precision over days, and the min/max columns only where buckets hold several points.
import { type WireSeries } from '../../protocol/compare';
import { type Series } from '../../core/series/downsample';

/** Base64 of `values` as little-endian Float32 (NaN and ±Infinity survive). */
export function encodeFloat32(values: ArrayLike<number>): string {
  const buf = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) buf.writeFloatLE(values[i] as number, i * 4);
  return buf.toString('base64');
}

/** Decodes {@link encodeFloat32} (tests and the bench; the page has its own decoder). */
export function decodeFloat32(base64: string): Float32Array {
  const buf = Buffer.from(base64, 'base64');
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

/** The wire form of one run's series. */
export function toWireSeries(runId: string, s: Series): WireSeries {
  const n = s.values.length;
  let t0 = 0;
  for (let i = 0; i < n; i++) {
    const t = s.times[i] as number;
    if (Number.isFinite(t)) {
      t0 = t;
      break;
    }
  }
  const rel = new Float64Array(n);
  for (let i = 0; i < n; i++) rel[i] = ((s.times[i] as number) - t0) / 1000;
  return {
    runId, metric: s.metric, total: s.total, t0,
    step: encodeFloat32(s.steps), time: encodeFloat32(rel), value: encodeFloat32(s.values),
    min: s.downsampled ? encodeFloat32(s.mins) : null,
    max: s.downsampled ? encodeFloat32(s.maxs) : null,
  };
}
