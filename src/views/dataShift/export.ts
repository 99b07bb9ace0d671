// The Data Shift view's exports: the report as JSON (what `runlens drift --json` prints, plus the
// problems met) and as CSV (one row per reference column, full-precision numbers, schema changes as
// drifted rows), quoted by the Runs Table's csvField so a spreadsheet runs no formula from a name.
import { type DriftReport } from '../../core/drift/types';
import { csvField } from '../runsTable/csv';

/** The report as JSON text, sides labelled as `runlens drift --json` labels them. */
export function reportJson(r: DriftReport, referenceLabel: string, currentLabel: string, problems: readonly string[]): string {
  return `${JSON.stringify({ ...r, reference: { label: referenceLabel, ...r.reference }, current: { label: currentLabel, ...r.current }, problems }, null, 2)}\n`;
}

const HEADER = ['column', 'type', 'test', 'statistic', 'p_value', 'threshold', 'drifted', 'n_reference', 'n_current', 'effect_size', 'effect_size_value', 'psi', 'missing_reference', 'missing_current', 'exact', 'note'];

/** The report as CSV: tested columns, then removed and type-changed ones (drifted, with a note). */
export function reportCsv(r: DriftReport): string {
  const num = (v: number | undefined): string => (v === undefined ? '' : String(v));
  const rows: string[][] = r.columns.map((c) => [
    c.name, c.type, c.test, num(c.test === 'none' ? undefined : c.statistic), num(c.pValue), num(c.test === 'none' ? undefined : c.threshold),
    String(c.drifted), String(c.nReference), String(c.nCurrent), c.effectSize.name, num(c.test === 'none' ? undefined : c.effectSize.value),
    num(c.test === 'none' ? undefined : c.psi), num(c.missingShare.reference), num(c.missingShare.current), String(c.exact), c.note ?? '',
  ]);
  const schemaRow = (name: string, type: string, note: string): string[] => [name, type, 'none', '', '', '', 'true', '', '', '', '', '', '', '', 'true', note];
  for (const name of r.schema.removed) rows.push(schemaRow(name, '', 'removed: not in the current data'));
  for (const t of r.schema.typeChanged) rows.push(schemaRow(t.name, t.current, `type changed from ${t.reference} to ${t.current}`));
  return [HEADER.join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\r\n') + '\r\n';
}
