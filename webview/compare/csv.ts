// CSV of the params and metrics tables as the page shows them. Cells are quoted per RFC 4180, and a
// text cell that a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with a quote.
import { type CompareRun, type MetricInfo, type WireParam } from '../../src/protocol/compare';
import { deltaOf, lastOf, statsOf } from './deltas';

/** One CSV cell: numbers as they are, text quoted when needed and defused when formula-like. */
export function csvCell(v: WireParam | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Lines joined with CRLF, each ending with one. */
export function toCsv(rows: readonly (readonly (WireParam | undefined)[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The params table: one row per run, one column per param (only the differing ones when asked). */
export function paramsCsv(runs: readonly CompareRun[], params: readonly string[]): string {
  const has = (r: CompareRun, p: string): boolean => Object.prototype.hasOwnProperty.call(r.params, p);
  return toCsv([
    ['run', 'id', 'status', ...params],
    ...runs.map((r) => [r.name, r.id, r.status, ...params.map((p) => (has(r, p) ? r.params[p] : undefined))]),
  ]);
}

/** The metrics table: per metric last, best, min, max and the last value's delta to the baseline. */
export function metricsCsv(runs: readonly CompareRun[], metrics: readonly MetricInfo[], baseline: string | null): string {
  const base = runs.find((r) => r.id === baseline);
  const header = ['run', 'id', 'status', ...metrics.flatMap((m) => [`${m.name} last`, `${m.name} best`, `${m.name} min`, `${m.name} max`, `${m.name} delta`])];
  return toCsv([
    header,
    ...runs.map((r) => [r.name, r.id, r.status, ...metrics.flatMap((m) => {
      const s = statsOf(r, m.name);
      const d = base && base !== r ? deltaOf(lastOf(r, m.name), lastOf(base, m.name), m.goal).delta : null;
      return [s ? lastOf(r, m.name) : undefined, s?.best ?? undefined, s?.min ?? undefined, s?.max ?? undefined, d ?? undefined];
    })]),
  ]);
}
