// Text forms of profiles and drift reports for the CLI: a table per profile and per report, the
// JSON form without the sketches (kept in the stored profile for merging and drift).
import { type ColumnDrift, type DriftReport } from '../core/drift/types';
import { formatDuration, formatEpochDate, formatMetric } from '../core/present/format';
import { type ColumnProfile, type FileProfile } from '../core/profile/types';
import { paint, table, type Output } from './output';

/** A number as core formats metric values (one rule for every front end); "-" when absent. */
function fmt(v: number | undefined): string {
  return v === undefined || Number.isNaN(v) ? '-' : formatMetric(v);
}

/** A datetime column's statistic (epoch ms): an ISO date; its spread as a duration. */
function fmtDate(v: number | undefined, spread = false): string {
  if (v === undefined || Number.isNaN(v)) return '-';
  return spread ? formatDuration(v) || '0 ms' : formatEpochDate(v) || fmt(v);
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)} %`;
}

/** A column without its sketches (the JSON output). */
export function columnSummary(c: ColumnProfile): unknown {
  const { hll: _hll, numeric, ...rest } = c;
  if (!numeric) return rest;
  const { kll: _kll, sample, ...stats } = numeric;
  return { ...rest, numeric: { ...stats, sampleSize: sample.length } };
}

/** A profile without its sketches. */
export function profileSummary(p: FileProfile): unknown {
  return { ...p, columns: p.columns.map(columnSummary) };
}

/** The text table of a profile. */
export function profileText(o: Output, p: FileProfile): string {
  const rows = p.columns.map((c) => {
    const n = c.numeric;
    const top = c.categories?.top.slice(0, 3).map((t) => `${t.value} (${t.count})`).join(', ') ?? '';
    const stats = c.type === 'datetime'
      ? [fmtDate(n?.min), fmtDate(n?.mean), fmtDate(n?.std, true), fmtDate(n?.max)]
      : [fmt(n?.min), fmt(n?.mean), fmt(n?.std), fmt(n?.max)];
    return [c.name, c.idLike === true ? `${c.type} (id)` : c.type, String(c.count), String(c.missing), `${c.distinctExact ? '' : '~'}${c.distinct}`,
      ...stats, n ? '' : top];
  });
  const lines = [table(o, ['COLUMN', 'TYPE', 'COUNT', 'MISSING', 'DISTINCT', 'MIN', 'MEAN', 'STD', 'MAX', 'TOP'], rows)];
  for (const w of p.warnings) lines.push(`${paint(o, 'yellow', 'warning')}  ${w.message}`);
  return lines.join('\n');
}

function verdict(o: Output, c: ColumnDrift): string {
  if (c.test === 'none') return paint(o, 'dim', 'not tested');
  return c.drifted ? paint(o, 'red', 'DRIFT') : paint(o, 'green', 'ok');
}

/** The text of a drift report: verdict, per-column table, schema changes. */
export function driftText(o: Output, r: DriftReport, refLabel: string, curLabel: string): string {
  const change = r.reference.rows === 0 ? '' : ` (${r.current.rows >= r.reference.rows ? '+' : ''}${pct(r.current.rows / r.reference.rows - 1)})`;
  const head = r.shifted
    ? paint(o, 'red', `SHIFTED: ${r.drifted} of ${r.total} columns drifted`)
    : paint(o, 'green', `not shifted: ${r.drifted} of ${r.total} columns drifted`);
  const rows = r.columns.map((c) => [
    c.name, c.type, c.test, c.test === 'none' ? '-' : fmt(c.statistic), c.pValue === undefined ? '-' : fmt(c.pValue),
    c.test === 'none' ? '-' : `${c.pValue === undefined ? '≥' : '<'} ${fmt(c.threshold)}`,
    `${c.nReference}/${c.nCurrent}`, c.test === 'none' ? '-' : `${fmt(c.effectSize.value)} ${c.test === 'chi-squared' ? 'V' : ''}`.trim(), c.test === 'none' ? '-' : fmt(c.psi),
    `${pct(c.missingShare.reference)} → ${pct(c.missingShare.current)}`, verdict(o, c) + (c.exact ? '' : paint(o, 'dim', ' ~')),
  ]);
  const lines = [
    `reference  ${refLabel}  ${r.reference.rows} rows`,
    `current    ${curLabel}  ${r.current.rows} rows${change}`,
    `${head} (shifted from ${pct(r.options.datasetShare)})`, '',
    table(o, ['COLUMN', 'TYPE', 'TEST', 'STATISTIC', 'P-VALUE', 'DRIFT WHEN', 'N REF/CUR', 'EFFECT', 'PSI', 'MISSING', 'VERDICT'], rows),
  ];
  const s = r.schema;
  if (s.added.length > 0) lines.push(`added columns: ${s.added.join(', ')}`);
  if (s.removed.length > 0) lines.push(paint(o, 'red', `removed columns (drifted): ${s.removed.join(', ')}`));
  for (const t of s.typeChanged) lines.push(paint(o, 'red', `type changed (drifted): ${t.name} ${t.reference} → ${t.current}`));
  for (const c of r.columns) if (c.test === 'none' && c.note !== undefined) lines.push(paint(o, 'dim', `${c.name}: not tested: ${c.note}`));
  if (r.columns.some((c) => !c.exact)) lines.push(paint(o, 'dim', '~ from sketches: within the tolerance of docs/data-shift.md'));
  return lines.join('\n');
}
