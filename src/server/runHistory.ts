// What past runs say about a param or an experiment, as hover Markdown: per value of a param, how
// many runs used it and the best primary metric they reached. Run data is text, always escaped.
import { paramOf, paramValueKey } from '../core/compare/paramDiff';
import { parseScalarText } from '../core/config/params';
import { type ParamValue, type RunManifest, type RunStatus } from '../core/model';
import { formatAgo, formatMetric } from '../core/present/format';
import { escapeMarkdown } from '../core/present/markdown';
import { own } from '../core/dict';
import { markdownTable } from './markdownTable';

/**
 * What the history reads of a run: a listing's summary (what the server caches) or a whole manifest
 * both have it.
 */
export type HistoryRun = Pick<RunManifest, 'id' | 'name' | 'experiment' | 'status' | 'params' | 'metrics' | 'createdAt' | 'startedAt'>;

/** Which metric ranks runs and which direction is better (from the experiment in runlens.yaml). */
export interface Ranking {
  readonly primary: string | undefined;
  readonly goal: 'min' | 'max';
}

/** One value of a param across runs. */
export interface ValueRow {
  /** undefined: the runs did not record the param. */
  readonly value: ParamValue | undefined;
  readonly runs: number;
  /** The best primary metric among these runs and the run that reached it. */
  readonly best: { readonly value: number; readonly run: string } | undefined;
}

/** Most rows a hover table shows; the rest are counted in one line. */
const MAX_ROWS = 15;

/** The metric that ranks runs: the declared primary, else the first metric name the runs logged. */
export function rankingMetric(runs: readonly HistoryRun[], ranking: Ranking): string | undefined {
  if (ranking.primary) return ranking.primary;
  const names = new Set(runs.flatMap((r) => Object.keys(r.metrics)));
  return [...names].sort()[0];
}

/** A run's best value of `metric` by `goal` (the summary's min or max); undefined when none is finite. */
function bestOfRun(run: HistoryRun, metric: string | undefined, goal: 'min' | 'max'): number | undefined {
  const s = metric === undefined ? undefined : own(run.metrics, metric);
  const v = s ? (goal === 'min' ? s.min : s.max) : null;
  return v ?? undefined;
}

function better(a: number, b: number, goal: 'min' | 'max'): boolean {
  return goal === 'min' ? a < b : a > b;
}

/** Groups `runs` by their value of `param` (compared like `runlens compare` does), best value first. */
export function valueRows(runs: readonly HistoryRun[], param: string, ranking: Ranking): ValueRow[] {
  const metric = rankingMetric(runs, ranking);
  const rows = new Map<string, { value: ParamValue | undefined; runs: number; best: ValueRow['best'] }>();
  for (const run of runs) {
    const value = paramOf(run, param);
    const key = value === undefined ? 'unset' : paramValueKey(value);
    const row = rows.get(key) ?? { value, runs: 0, best: undefined };
    row.runs++;
    const v = bestOfRun(run, metric, ranking.goal);
    if (v !== undefined && (!row.best || better(v, row.best.value, ranking.goal))) row.best = { value: v, run: run.name };
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => {
    if (a.best && b.best) return better(a.best.value, b.best.value, ranking.goal) ? -1 : better(b.best.value, a.best.value, ranking.goal) ? 1 : b.runs - a.runs;
    if (a.best || b.best) return a.best ? -1 : 1;
    return b.runs - a.runs;
  });
}

/** A param value as a table cell: exactly as recorded, escaped; a string never passes for a number. */
export function valueCell(value: ParamValue | undefined): string {
  if (value === undefined) return '*(not recorded)*';
  if (value === null) return 'null';
  // A string that YAML would read as another type ("0.01", "true") is quoted, so it is told apart.
  if (typeof value === 'string') return value === '' || parseScalarText(value) !== value ? escapeMarkdown(JSON.stringify(value)) : escapeMarkdown(value);
  return escapeMarkdown(String(value));
}

/**
 * Hover Markdown for param `param` of experiment `experiment`: a table of its values in past runs
 * (`runs`, newest first) with the best primary metric of each and the run that got it. `rendered`:
 * the client renders Markdown (see markdownTable).
 */
export function paramHistoryMarkdown(experiment: string, param: string, runs: readonly HistoryRun[], ranking: Ranking, rendered = false): string {
  const title = `**${escapeMarkdown(param)}** · param of ${escapeMarkdown(experiment)}`;
  if (runs.length === 0) return `${title}\n\nNo runs of ${escapeMarkdown(experiment)} yet: once it has run, this shows what each value produced.`;
  const metric = rankingMetric(runs, ranking);
  const rows = valueRows(runs, param, ranking);
  const metricHead = metric ? `best ${escapeMarkdown(metric)} (${ranking.goal})` : 'best metric';
  const lines = [
    `${title} · ${rows.length} value${rows.length === 1 ? '' : 's'} in ${runs.length} run${runs.length === 1 ? '' : 's'}`,
    '',
    ...markdownTable(
      [{ head: escapeMarkdown(param), align: 'left' }, { head: 'runs', align: 'right' }, { head: metricHead, align: 'right' }, { head: 'run', align: 'left' }],
      rows.slice(0, MAX_ROWS).map((r) => [valueCell(r.value), String(r.runs), r.best ? formatMetric(r.best.value) : '—', r.best ? escapeMarkdown(r.best.run) : '—']),
      rendered,
    ),
  ];
  if (rows.length > MAX_ROWS) lines.push('', `… and ${rows.length - MAX_ROWS} more values`);
  const last = runs[0];
  if (last) lines.push('', `Last run: ${escapeMarkdown(last.name)} (${last.status}) used ${escapeMarkdown(param)} = ${valueCell(paramOf(last, param))}`);
  return lines.join('\n');
}

/** Hover Markdown for an experiment's name: its runs by status, the best run and the last one. */
export function experimentMarkdown(experiment: string, runs: readonly HistoryRun[], ranking: Ranking, now = Date.now()): string {
  const title = `**${escapeMarkdown(experiment)}**`;
  if (runs.length === 0) return `${title}\n\nNo runs yet. Start one with \`runlens run ${experiment.replace(/`/g, '')}\`.`;
  const counts = new Map<RunStatus, number>();
  for (const r of runs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const statuses = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([s, n]) => `${n} ${s}`).join(', ');
  const lines = [`${title} · ${runs.length} run${runs.length === 1 ? '' : 's'}: ${statuses}`];
  const metric = rankingMetric(runs, ranking);
  let best: { run: HistoryRun; value: number } | undefined;
  for (const run of runs) {
    const v = bestOfRun(run, metric, ranking.goal);
    if (v !== undefined && (!best || better(v, best.value, ranking.goal))) best = { run, value: v };
  }
  if (best && metric) lines.push('', `Best: ${escapeMarkdown(best.run.name)} with ${escapeMarkdown(metric)} = ${formatMetric(best.value)} (${ranking.goal})`);
  else lines.push('', metric ? `No run logged ${escapeMarkdown(metric)} yet.` : 'No run logged a metric yet.');
  const last = runs[0];
  if (last) lines.push('', `Last: ${escapeMarkdown(last.name)} (${last.status}, ${formatAgo(last.startedAt ?? last.createdAt, now)})`);
  return lines.join('\n');
}
