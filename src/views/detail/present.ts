// What the detail view shows of a run, as text: the header, params, environment, metric summaries
// (best by each metric's goal, core's rule), datasets and outputs, and the git section's facts. Pure
// functions of the manifest, so the page and the tests see exactly the same words.
import { bestOf, type DeclaredGoal, goalOfMetric } from '../../core/compare/metricGoals';
import { type DatasetSummary, type RunManifest, TERMINAL_STATUSES } from '../../core/model';
import { formatAgo, formatBytes, formatDuration, formatMetric, runDuration } from '../../core/present/format';
import { type Series } from '../../core/series/downsample';
import { type ChangedFile, type DataInfo, type DataRow, type Entry, type GitInfo, type MetricRow, type RunInfo, type SeriesData } from '../../protocol/runDetail';

/** The primary metric and its direction, as FolderRuns.goalOf gives them. */
export type Goal = DeclaredGoal;

const entries = (o: Readonly<Record<string, string | number | boolean | null>>): Entry[] => Object.entries(o).map(([key, v]) => ({ key, value: v === null ? 'null' : String(v) }));

/** A command as one line, each argument quoted when a shell would need it (display only, never executed). */
export function commandLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function metricRows(run: RunManifest, goal: Goal): MetricRow[] {
  return Object.entries(run.metrics).sort(([a], [b]) => (a === goal.primary ? -1 : b === goal.primary ? 1 : a.localeCompare(b))).map(([name, s]) => {
    const primary = name === goal.primary;
    const end = (v: number | null): string => (v === null ? '–' : formatMetric(v));
    // The rule Compare uses: the declared goal for the primary metric, others by their name.
    const direction = goalOfMetric(name, goal);
    const best = direction === null ? null : end(bestOf(s, direction));
    return { name, count: s.count, last: formatMetric(s.last), min: end(s.min), max: end(s.max), best, primary, nonFinite: s.nonFinite };
  });
}

/** The header and text sections of a run. */
export function runInfo(run: RunManifest, goal: Goal, now = Date.now()): RunInfo {
  const duration = runDuration(run, now);
  const environment: Entry[] = [...entries(run.versions)];
  if (run.process) {
    if (run.versions.host === undefined) environment.push({ key: 'host', value: run.process.host });
    environment.push({ key: 'supervisor pid', value: String(run.process.supervisorPid) });
  }
  if (run.exitCode !== null) environment.push({ key: 'exit code', value: String(run.exitCode) });
  if (run.signal) environment.push({ key: 'signal', value: run.signal });
  return {
    id: run.id, name: run.name, status: run.status, live: !TERMINAL_STATUSES.includes(run.status),
    experiment: run.experiment, command: commandLine(run.command), cwd: run.cwd,
    started: run.startedAt ?? run.createdAt, startedAgo: formatAgo(run.startedAt ?? run.createdAt, now), duration: duration === undefined ? '' : formatDuration(duration),
    error: run.error, starred: run.starred, tags: [...run.tags], note: run.note, reproducedFrom: run.reproducedFrom,
    params: entries(run.params), env: entries(run.env), environment,
    goal: goal.primary ? `${goal.primary} (${goal.goal === 'min' ? 'lower' : 'higher'} is better)` : null,
    metrics: metricRows(run, goal), badMetricLines: run.badMetricLines,
  };
}

function dataRow(d: DatasetSummary): DataRow {
  const problems = [d.missing ? 'missing' : '', d.errors ? `${d.errors} unreadable` : '', d.skipped ? `${d.skipped} skipped` : ''];
  return { spec: d.spec, hash: d.hash, files: d.files, size: formatBytes(d.bytes), problem: problems.filter(Boolean).join(', ') };
}

/** Datasets and outputs, or why there are none. */
export function dataInfo(run: RunManifest): DataInfo {
  const d = run.data;
  if (!d) return { datasets: [], outputs: [], warnings: [], message: 'No data was recorded for this run (it declared no datasets or outputs, or was not started by runlens run).' };
  const message = !d.hashing ? 'Hashing was off for this run (--no-hash): datasets and outputs were not hashed.'
    : d.datasets.length === 0 && d.outputs.length === 0 ? 'This run declared no datasets or outputs.' : null;
  return { datasets: d.datasets.map(dataRow), outputs: d.outputs.map(dataRow), warnings: [...d.warnings], message };
}

/** The git section from the manifest's code link; the host adds notes it finds at hand (git missing). */
export function gitInfo(run: RunManifest): GitInfo {
  const c = run.code;
  if (!c) return { commit: null, branch: null, dirty: false, remote: null, snapshot: null, changed: [], notes: ['This run has no code record (it was recorded before code linking existed, or not by runlens run).'] };
  const notes: string[] = [];
  if (c.status !== 'ok') notes.push(c.message ?? `Code capture status: ${c.status}.`);
  if (c.detached) notes.push('HEAD was detached when the run started.');
  if (c.status === 'ok' && c.dirty && !c.snapshot) notes.push('The working tree had uncommitted changes, but no snapshot of them was taken.');
  const skipped = new Set(c.snapshot?.skipped.map((s) => s.path) ?? []);
  if (skipped.size > 0) notes.push(`${skipped.size} file(s) were left out of the snapshot (too large or unreadable).`);
  notes.push(...c.warnings);
  const file = (path: string, kind: ChangedFile['kind']): ChangedFile => ({ path, kind, diffable: c.snapshot !== null && !skipped.has(path) });
  return {
    commit: c.commit, branch: c.branch, dirty: c.dirty, remote: c.remote, snapshot: c.snapshot?.commit ?? null,
    changed: [...c.changed.map((p) => file(p, 'modified')), ...c.untracked.map((p) => file(p, 'untracked'))],
    notes,
  };
}

/** A downsampled series as the page's charts take it: NaN steps and non-finite values become null. */
export function seriesData(s: Series): SeriesData {
  const steps: (number | null)[] = [];
  const values: (number | null)[] = [];
  for (let i = 0; i < s.values.length; i++) {
    const step = s.steps[i] as number;
    const v = s.values[i] as number;
    steps.push(Number.isNaN(step) ? null : step);
    values.push(Number.isFinite(v) ? v : null);
  }
  return { metric: s.metric, total: s.total, steps, values, downsampled: s.downsampled };
}
