// Drift between two profiles: schema changes (added, removed, type-changed columns), a verdict per
// common column (columnDrift.ts), and the dataset verdict: shifted when at least `datasetShare` of
// the reference's columns drift (a removed or retyped column counts as drifted).
import { type FileProfile } from '../profile/types';
import { columnDrift } from './columnDrift';
import { DEFAULT_DRIFT_OPTIONS, type ColumnDrift, type DriftOptions, type DriftReport, type TypeChange } from './types';

/** Types that compare with each other (a column read as numbers in one file may be few-valued categories in the other). */
function comparable(a: string, b: string): boolean {
  return a === b || a === 'empty' || b === 'empty';
}

/** Compares `current` with `reference` column by column. */
export function compareProfiles(reference: FileProfile, current: FileProfile, options: Partial<DriftOptions> = {}): DriftReport {
  const opts: DriftOptions = { ...DEFAULT_DRIFT_OPTIONS, ...options };
  const cur = new Map(current.columns.map((c) => [c.name, c]));
  const refNames = new Set(reference.columns.map((c) => c.name));
  const added = current.columns.filter((c) => !refNames.has(c.name)).map((c) => c.name);
  const removed: string[] = [];
  const typeChanged: TypeChange[] = [];
  const columns: ColumnDrift[] = [];
  for (const r of reference.columns) {
    const c = cur.get(r.name);
    if (!c) { removed.push(r.name); continue; }
    if (!comparable(r.type, c.type)) { typeChanged.push({ name: r.name, reference: r.type, current: c.type }); continue; }
    columns.push(columnDrift(r, c, opts));
  }
  const drifted = columns.filter((c) => c.drifted).length + removed.length + typeChanged.length;
  const total = reference.columns.length;
  return {
    reference: { sha256: reference.sha256, rows: reference.rows },
    current: { sha256: current.sha256, rows: current.rows },
    columns, schema: { added, removed, typeChanged }, drifted, total,
    shifted: total > 0 && drifted >= opts.datasetShare * total,
    options: opts,
  };
}
