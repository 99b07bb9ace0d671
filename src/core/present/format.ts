// Formatting of run data for people (tree rows, tooltips, CLI tables): metric values with a
// sensible number of digits, durations, relative times, and sizes people type ("500M"). Pure
// functions, no locale surprises.

/** A metric value in at most `digits` significant digits; NaN and ±Infinity spelled out. */
export function formatMetric(v: number, digits = 4): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '+Inf' : '-Inf';
  if (Number.isInteger(v) && Math.abs(v) < 1e9) return String(v);
  const abs = Math.abs(v);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return v.toExponential(digits - 1).replace(/\.?0+e/, 'e');
  const fixed = v.toPrecision(digits);
  if (fixed.includes('e') || !fixed.includes('.')) return String(Number(fixed));
  // "0.5000" -> "0.5", "10.00" -> "10": what String(Number(fixed)) gives, without parsing the number
  // back (the Runs Table formats hundreds of thousands of cells per snapshot).
  let end = fixed.length;
  while (fixed.charCodeAt(end - 1) === 48) end--;
  if (fixed.charCodeAt(end - 1) === 46) end--;
  return fixed.slice(0, end);
}

/** A duration such as "850 ms", "42 s", "3 m 05 s", "2 h 10 m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} m ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${String(m % 60).padStart(2, '0')} m`;
}

/**
 * "just now", "5 m ago", "3 h ago", "2 d ago", or the date for anything older than a month.
 * `compact` drops the spaces and says "now" ("5m ago"), for a tree row that must fit a sidebar.
 */
export function formatAgo(iso: string | null, now = Date.now(), compact = false): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '';
  const s = Math.max(0, Math.round((now - t) / 1000));
  const ago = (n: number, unit: string): string => (compact ? `${n}${unit} ago` : `${n} ${unit} ago`);
  if (s < 45) return compact ? 'now' : 'just now';
  if (s < 3600) return ago(Math.max(1, Math.round(s / 60)), 'm');
  if (s < 86_400) return ago(Math.round(s / 3600), 'h');
  if (s < 30 * 86_400) return ago(Math.round(s / 86_400), 'd');
  return new Date(t).toISOString().slice(0, 10);
}

/** How long a run took (or has been running), from its manifest times. */
export function runDuration(run: { startedAt: string | null; endedAt: string | null }, now = Date.now()): number | undefined {
  if (!run.startedAt) return undefined;
  const start = Date.parse(run.startedAt);
  const end = run.endedAt ? Date.parse(run.endedAt) : now;
  return Number.isNaN(start) || Number.isNaN(end) ? undefined : end - start;
}

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/**
 * A byte count for people: "512 B", "2.0 KiB", "1.5 GiB". Powers of 1024 everywhere (CLI, views,
 * messages), labelled with IEC units so "KiB" can only mean 1024, as {@link parseSize} reads K.
 */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 1024) return `${n} B`;
  let v = n;
  let i = -1;
  while (v >= 1024 && i < BYTE_UNITS.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 100 ? v.toFixed(1) : Math.round(v)} ${BYTE_UNITS[i] ?? ''}`;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, tib: 1024 ** 4 };

/** Parses `500M`, `2G`, `1.5GB`, `1024` (bytes; K/M/G/T are powers of 1024). Throws on anything else. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[(m[2] ?? '').toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new Error(`"${text}" is not a size; use a number of bytes or e.g. 500M, 2G`);
  return Math.floor(Number(m[1]) * unit);
}

/** Local date and time of an ISO timestamp, to the minute ("2024-05-01 14:03"); "" when absent. */
export function formatTimestamp(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * A datetime value of the data (epoch milliseconds, UTC as profiles keep them) as ISO 8601: the date
 * alone at midnight UTC ("2024-05-01"), else to the second ("2024-05-01T14:03:20Z"), milliseconds
 * only when there are any; "" when not a valid time.
 */
export function formatEpochDate(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return '';
  const iso = new Date(ms).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
