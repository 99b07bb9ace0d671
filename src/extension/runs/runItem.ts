// How one run looks as a row of the Runs view: status icon, name, the primary metric's latest value,
// the relative time and a sparkline of the metric's history, and a Markdown tooltip with params,
// metrics, commit and data. Everything from run data is escaped: it is text, never Markdown or HTML.
import * as vscode from 'vscode';
import { type ListedRun, type RunManifest, type RunStatus } from '../../core/model';
import { isLoggedParam } from '../../core/params/logged';
import { formatAgo, formatDuration, formatMetric, runDuration } from '../../core/present/format';
import { codeSpan, escapeMarkdown } from '../../core/present/markdown';
import { type MetricGoal } from './folderRuns';
import { own } from '../../core/dict';

/** What a row shows of a run: its summary (the view's cache) or a whole manifest (the trash) both have it. */
export type RowRun = ListedRun & { readonly starred: boolean; readonly createdAt: string; readonly startedAt: string | null };

const STATUS_ICONS: Record<RunStatus, vscode.ThemeIcon> = {
  queued: new vscode.ThemeIcon('clock', new vscode.ThemeColor('descriptionForeground')),
  running: new vscode.ThemeIcon('loading~spin', new vscode.ThemeColor('charts.blue')),
  finished: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failed: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  stopped: new vscode.ThemeIcon('debug-stop', new vscode.ThemeColor('charts.yellow')),
  crashed: new vscode.ThemeIcon('warning', new vscode.ThemeColor('charts.orange')),
};

/**
 * The row's description: "0.213 · 3m ago ▇▅▃▂▁", with the metric's name in front ("loss 0.213 ...")
 * unless the row sits in its experiment's group, whose header already names the metric. The
 * sparkline comes last, so a narrow sidebar cuts it rather than the time.
 */
export function describeRun(run: RowRun, goal: MetricGoal, spark: string, withMetricName: boolean, now = Date.now()): string {
  const text = describeRunText(run, goal, withMetricName, now);
  return spark ? `${text}  ${spark}` : text;
}

/** The description without the sparkline: value and time, as words a screen reader can say. */
function describeRunText(run: RowRun, goal: MetricGoal, withMetricName: boolean, now: number, compact = true): string {
  const parts: string[] = [];
  const summary = goal.primary ? own(run.metrics, goal.primary) : undefined;
  if (goal.primary && summary) {
    const value = formatMetric(summary.last);
    parts.push(withMetricName ? `${goal.primary} ${value}` : value);
  }
  parts.push(formatAgo(run.startedAt ?? run.createdAt, now, compact));
  return parts.filter(Boolean).join(' · ');
}

/**
 * What a screen reader says for a row: name, status, the primary metric by name, and when it ran;
 * never the sparkline, whose glyphs would be read out one by one ("lower one eighth block").
 */
export function runAccessibilityLabel(run: RowRun, goal: MetricGoal, now = Date.now()): string {
  return [run.name, run.status, describeRunText(run, goal, true, now, false)].filter(Boolean).join(', ').replace(/ · /g, ', ');
}

function codeLine(run: RunManifest): string | undefined {
  const code = run.code;
  if (!code) return undefined;
  if (!code.commit) return code.message ? `Code: ${escapeMarkdown(code.message)}` : undefined;
  const branch = code.branch ? ` on ${escapeMarkdown(code.branch)}` : code.detached ? ' (detached HEAD)' : '';
  const snapshot = code.dirty && code.snapshot ? `, uncommitted changes in snapshot ${codeSpan(code.snapshot.commit.slice(0, 12))}` : '';
  return `Commit ${codeSpan(code.commit.slice(0, 12))}${branch}${snapshot}`;
}

function dataLines(run: RunManifest): string[] {
  const data = run.data;
  if (!data) return [];
  const line = (kind: string, d: { spec: string; hash: string; files: number }): string =>
    `${kind} ${escapeMarkdown(d.spec)}: ${codeSpan(d.hash.slice(0, 12))} (${d.files} file${d.files === 1 ? '' : 's'})`;
  return [
    ...data.datasets.map((d) => line('Dataset', d)),
    ...data.outputs.map((d) => line('Output', d)),
    ...data.warnings.map((w) => `$(warning) ${escapeMarkdown(w)}`),
  ];
}

/** The Markdown tooltip: what a user wants to know about a run without opening it. */
export function runTooltip(run: RunManifest, goal: MetricGoal, now = Date.now()): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = false;
  md.supportHtml = false;
  const duration = runDuration(run, now);
  md.appendMarkdown(`$(${STATUS_ICONS[run.status].id.replace('~spin', '')}) **${escapeMarkdown(run.name)}** · ${run.status}`);
  md.appendMarkdown(`${duration !== undefined ? ` · ${formatDuration(duration)}` : ''}\n\n`);
  if (run.error) md.appendMarkdown(`${escapeMarkdown(run.error)}\n\n`);
  md.appendMarkdown(`${run.experiment ? `Experiment **${escapeMarkdown(run.experiment)}** · ` : ''}${codeSpan(run.id)}\n\n`);
  const params = Object.entries(run.params);
  if (params.length > 0) {
    md.appendMarkdown('| param | value |\n|---|---|\n');
    // A param the script logged itself (runlens.log_params) is marked as such.
    for (const [k, v] of params) md.appendMarkdown(`| ${escapeMarkdown(k)}${isLoggedParam(run, k) ? ' (logged)' : ''} | ${escapeMarkdown(String(v))} |\n`);
    md.appendMarkdown('\n');
  }
  const metrics = Object.entries(run.metrics);
  if (metrics.length > 0) {
    // Best is min or max depending on the goal, which only the primary metric declares; the
    // others show both ends rather than guess.
    md.appendMarkdown('| metric | last | min | max |\n|---|---:|---:|---:|\n');
    for (const [name, s] of metrics) {
      const primary = name === goal.primary;
      const label = primary ? `**${escapeMarkdown(name)}** (${goal.goal === 'min' ? 'lower' : 'higher'} is better)` : escapeMarkdown(name);
      const end = (v: number | null, isBest: boolean): string => (v === null ? '–' : isBest ? `**${formatMetric(v)}**` : formatMetric(v));
      md.appendMarkdown(`| ${label} | ${formatMetric(s.last)} | ${end(s.min, primary && goal.goal === 'min')} | ${end(s.max, primary && goal.goal === 'max')} |\n`);
    }
    md.appendMarkdown('\n');
  }
  for (const line of [codeLine(run), ...dataLines(run)]) if (line) md.appendMarkdown(`${line}\n\n`);
  if (run.tags.length > 0) md.appendMarkdown(`Tags: ${run.tags.map(escapeMarkdown).join(', ')}\n\n`);
  if (run.note) md.appendMarkdown(`Note: ${escapeMarkdown(run.note)}\n\n`);
  return md;
}

/** Builds the tree item of a run, without its tooltip. `spark` is the primary metric's sparkline ('' when unknown). */
export function runTreeItem(run: RowRun, goal: MetricGoal, spark: string, withMetricName: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(run.starred ? `★ ${run.name}` : run.name, vscode.TreeItemCollapsibleState.None);
  item.id = run.id;
  item.iconPath = STATUS_ICONS[run.status];
  item.description = describeRun(run, goal, spark, withMetricName);
  // No tooltip: the tree resolves it on hover (runTooltip), so a redraw does not carry one per row.
  item.contextValue = `run.${run.status}${run.starred ? '.starred' : ''}`;
  item.accessibilityInformation = { label: runAccessibilityLabel(run, goal) };
  // A click shows the run in the reusable preview panel, keeping focus in the tree (docs/run-detail.md).
  item.command = { command: 'runlens.showRun', title: 'Show Run Details', arguments: [{ id: run.id, preview: true }] };
  return item;
}

/** A deleted run in the Trash group: greyed out, no sparkline, restorable from its context menu. */
export function trashedRunItem(run: RunManifest, goal: MetricGoal): vscode.TreeItem {
  const item = new vscode.TreeItem(run.name, vscode.TreeItemCollapsibleState.None);
  item.iconPath = new vscode.ThemeIcon('trash', new vscode.ThemeColor('disabledForeground'));
  item.description = describeRun(run, goal, '', true);
  item.contextValue = 'trashedRun';
  item.accessibilityInformation = { label: `${run.name}, in the trash` };
  return item;
}
