// The params and metrics tables: one row per run (virtualized), its colour chip first. Params that
// differ are highlighted; each metric shows the summary columns the user chose of last (with its
// delta to the baseline coloured by the metric's goal), best, min and max; the best run is marked.
import { type CompareRun, type MetricsSort, SUMMARY_COLUMNS, type SummaryColumn, type WireParam } from '../../src/protocol/compare';
import { h, icon } from '../shared/dom';
import { bestRun, deltaOf, formatDelta, formatNumber, lastOf, statsOf } from './deltas';
import { type CompareModel } from './model';
import { ariaSort, nextSort, sortRuns } from './tableSort';
import type { Column, VirtualTable } from './virtualTable';

/** A run's first cell: its colour, its name, and "baseline" on the baseline. */
export function runCell(run: CompareRun, baseline: string | undefined): Node {
  const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
  swatch.style.background = run.color;
  return h('span', { class: 'run-cell' }, swatch, h('span', {}, run.name), run.id === baseline ? h('span', { class: 'chip-tag' }, 'baseline') : null);
}

/** A param as a table shows it: strings as they are (text), others as JSON. */
export function formatParam(v: WireParam | undefined): string {
  if (v === undefined) return '–';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const has = (r: CompareRun, p: string): boolean => Object.prototype.hasOwnProperty.call(r.params, p);

/** Fills the params table from the model. */
export function renderParams(table: VirtualTable<CompareRun>, model: CompareModel, note: HTMLElement): void {
  const base = model.baseline();
  const columns: Column<CompareRun>[] = [
    { label: 'Run', cell: (r) => runCell(r, base?.id) },
    ...model.shownParams().map((p): Column<CompareRun> => ({
      label: p,
      numeric: model.runs.every((r) => !has(r, p) || typeof r.params[p] === 'number'),
      cell: (r) => formatParam(has(r, p) ? r.params[p] : undefined),
      // A cell differs when its value is not the baseline's (so the eye finds what changed per run).
      cellClass: (r) => (model.differing.includes(p) && base && r !== base && JSON.stringify(r.params[p]) !== JSON.stringify(base.params[p]) ? 'diff' : ''),
    })),
  ];
  table.set(columns, model.runs);
  const same = model.view.onlyDiff && model.differing.length === 0;
  note.textContent = same
    ? (model.params.length === 0 ? 'These runs have no params.' : `All ${model.params.length} params are the same in every run (clear "Only differences" to list them).`)
    : '';
  note.hidden = !same;
}

/** Fills the metrics table from the model, in the user's sort; `onSort` gets a header's next sort. */
export function renderMetrics(table: VirtualTable<CompareRun>, model: CompareModel, onSort: (sort: MetricsSort | null) => void): void {
  const base = model.baseline();
  const current = model.view.metricsSort;
  const sortable = (metric: string | null, column: MetricsSort['column']): Column<CompareRun>['sort'] =>
    ({ state: ariaSort(current, metric, column), onSort: () => onSort(nextSort(current, metric, column)) });
  const columns: Column<CompareRun>[] = [{ label: 'Run', cell: (r) => runCell(r, base?.id), sort: sortable(null, 'name') }];
  for (const m of model.metrics) {
    const best = bestRun(model.runs, m.name, m.goal);
    const arrow = m.goal === 'min' ? ' ↓' : m.goal === 'max' ? ' ↑' : '';
    const goalText = m.goal === 'min' ? 'lower is better' : m.goal === 'max' ? 'higher is better' : 'no goal known';
    const shown = new Set(model.view.summaryColumns ?? SUMMARY_COLUMNS);
    const summary: Record<SummaryColumn, Column<CompareRun>> = {
      last: {
        label: `${m.name}${arrow}`, title: `${m.name}: last value and its delta to the baseline (${goalText})`, numeric: true,
        cell: (r) => {
          const v = lastOf(r, m.name);
          if (v === null) return '–';
          const d = base && r !== base ? deltaOf(v, lastOf(base, m.name), m.goal) : null;
          return h('span', {}, formatNumber(v), d && d.delta !== null
            ? h('span', { class: `delta ${d.verdict ?? ''}`, title: d.verdict ? `${d.verdict} than the baseline` : 'difference to the baseline' }, ` ${formatDelta(d.delta)}`)
            : null);
        },
      },
      best: {
        label: 'best', title: `${m.name}: best value (${goalText}); the star marks the best run`, numeric: true,
        cell: (r) => {
          const s = statsOf(r, m.name);
          return h('span', {}, r.id === best ? icon('star-full', 'best-mark') : null, r.id === best ? h('span', { class: 'sr-only' }, 'best run: ') : null, formatNumber(s?.best));
        },
        cellClass: (r) => (r.id === best ? 'best' : ''),
      },
      min: { label: 'min', title: `${m.name}: smallest value`, numeric: true, cell: (r) => formatNumber(statsOf(r, m.name)?.min) },
      max: { label: 'max', title: `${m.name}: largest value`, numeric: true, cell: (r) => formatNumber(statsOf(r, m.name)?.max) },
    };
    // The metric's name heads its first shown column, so each group stays labelled.
    const picked = SUMMARY_COLUMNS.filter((c) => shown.has(c));
    picked.forEach((c, i) => {
      const col = { ...summary[c], sort: sortable(m.name, c) };
      columns.push(i === 0 && c !== 'last' ? { ...col, label: `${m.name}${arrow} ${col.label}` } : col);
    });
  }
  // A sort by a column no longer shown (a metric gone, a column unticked) falls back to the compared order.
  const shownSort = current && (current.metric === null || (model.metrics.some((x) => x.name === current.metric) && (model.view.summaryColumns ?? SUMMARY_COLUMNS).includes(current.column as SummaryColumn)));
  table.set(columns, sortRuns(model.runs, shownSort ? current : null));
}
