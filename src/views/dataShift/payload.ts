// The Data Shift page's payload from core's drift report: numbers formatted once here (core's
// format), each column's verdict in words, and both sides' distributions on common bins when the
// profiles are at hand. Also the one-line summary the notification, status bar and tree share.
import { type ColumnDrift, type DriftReport, type DriftTest } from '../../core/drift/types';
import { formatMetric } from '../../core/present/format';
import { type FileProfile } from '../../core/profile/types';
import { type DataShiftColumn, type DataShiftFile, type DataShiftPayload } from '../../protocol/dataShift';
import { columnChart } from './charts';

/** What a payload is built from. */
export interface DataShiftInput {
  readonly title: string;
  readonly referenceLabel: string;
  readonly currentLabel: string;
  readonly report: DriftReport;
  /** The compared profiles (for the histograms); without them the page shows no charts. */
  readonly profiles?: { readonly reference: FileProfile; readonly current: FileProfile };
  readonly problems: readonly string[];
  readonly checkedAt: Date;
  /** Each file of a several-file current side against the reference on its own. */
  readonly files?: readonly { readonly path: string; readonly report: DriftReport }[];
}

const TEST_NAMES: Record<DriftTest, string> = {
  ks: 'KS', wasserstein: 'Wasserstein / std', 'chi-squared': 'chi-squared', 'jensen-shannon': 'Jensen–Shannon', none: 'none',
};

/** A share as "12.5 %". */
export function percent(v: number): string {
  return `${Number((v * 100).toFixed(1))} %`;
}

/** "4 of 12 columns": the drifted columns (removed and retyped ones count) of the reference's. */
export function driftedCount(r: Pick<DriftReport, 'drifted' | 'total'>): string {
  return `${r.drifted} of ${r.total} column${r.total === 1 ? '' : 's'}`;
}

/** The summary line: "shifted: 4 of 12 columns drifted (shifted from 50 %)". */
export function shiftSummary(r: DriftReport): string {
  return `${r.shifted ? 'shifted' : 'not shifted'}: ${driftedCount(r)} drifted (shifted from ${percent(r.options.datasetShare)})`;
}

/** The threshold as the table reads it: "p < 0.05" for tests, "≥ 0.1" for distances. */
export function thresholdText(c: ColumnDrift): string {
  if (c.test === 'none') return '';
  return c.pValue === undefined ? `≥ ${formatMetric(c.threshold)}` : `p < ${formatMetric(c.threshold)}`;
}

function column(c: ColumnDrift, profiles: DataShiftInput['profiles']): DataShiftColumn {
  const tested = c.test !== 'none';
  const ref = profiles?.reference.columns.find((x) => x.name === c.name);
  const cur = profiles?.current.columns.find((x) => x.name === c.name);
  const chart = ref && cur ? columnChart(ref, cur, c.test) : undefined;
  return {
    name: c.name, type: c.type, test: TEST_NAMES[c.test],
    statistic: tested ? formatMetric(c.statistic) : '',
    ...(c.pValue === undefined ? {} : { pValue: formatMetric(c.pValue) }),
    threshold: thresholdText(c),
    verdict: c.drifted ? 'drifted' : tested ? 'stable' : 'untested',
    nReference: c.nReference, nCurrent: c.nCurrent,
    effect: { name: c.effectSize.name, value: tested ? formatMetric(c.effectSize.value) : '' },
    psi: tested ? formatMetric(c.psi) : '',
    missing: { reference: percent(c.missingShare.reference), current: percent(c.missingShare.current) },
    exact: c.exact,
    ...(c.note === undefined ? {} : { note: c.note }),
    ...(chart ? { chart } : {}),
  };
}

/** One file's own verdict: its summary and its drifted columns (shifted files first is the page's choice). */
function fileVerdict(f: { readonly path: string; readonly report: DriftReport }): DataShiftFile {
  const drifted = f.report.columns.filter((c) => c.drifted).map((c) => {
    const col = column(c, undefined);
    return { name: col.name, test: col.test, statistic: col.statistic, ...(col.pValue === undefined ? {} : { pValue: col.pValue }), nReference: col.nReference, nCurrent: col.nCurrent, effect: col.effect };
  });
  return { path: f.path, shifted: f.report.shifted, summary: shiftSummary(f.report), rows: f.report.current.rows, drifted };
}

/** The page's payload of a report. */
export function dataShiftPayload(input: DataShiftInput): DataShiftPayload {
  const r = input.report;
  const side = (label: string, s: DriftReport['reference'], p: FileProfile | undefined): DataShiftPayload['reference'] =>
    ({ label, sha256: s.sha256, rows: s.rows, columns: p?.columns.length ?? 0 });
  return {
    title: input.title,
    reference: side(input.referenceLabel, r.reference, input.profiles?.reference),
    current: side(input.currentLabel, r.current, input.profiles?.current),
    shifted: r.shifted, summary: shiftSummary(r), drifted: r.drifted, total: r.total,
    columns: r.columns.map((c) => column(c, input.profiles)),
    schema: { added: [...r.schema.added], removed: [...r.schema.removed], typeChanged: r.schema.typeChanged.map((t) => ({ ...t })) },
    problems: [...input.problems],
    ...(input.files ? { files: input.files.map(fileVerdict) } : {}),
    checkedAt: input.checkedAt.toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
  };
}
