// How one run looks as a row of the Runs view: status icon, name, the primary metric's latest value,
// the relative time and a sparkline of the metric's history, and a Markdown tooltip with params,
// metrics, commit and data (its text: src/views/runs/tooltip.ts).
import * as vscode from 'vscode';
import { type ListedRun, type RunManifest, type RunStatus } from '../../core/model';
import { formatAgo, formatMetric } from '../../core/present/format';
import { runTooltipMarkdown, STATUS_CODICONS } from '../../views/runs/tooltip';
import { type MetricGoal } from './folderGoals';
import { own } from '../../core/dict';

/** What a row shows of a run: its summary (the view's cache) or a whole manifest (the trash) both have it. */
export type RowRun = ListedRun & { readonly starred: boolean; readonly createdAt: string; readonly startedAt: string | null };

const icon = (status: RunStatus, color: string): vscode.ThemeIcon => new vscode.ThemeIcon(STATUS_CODICONS[status], new vscode.ThemeColor(color));
const STATUS_ICONS: Record<RunStatus, vscode.ThemeIcon> = {
  queued: icon('queued', 'descriptionForeground'),
  running: icon('running', 'charts.blue'),
  finished: icon('finished', 'testing.iconPassed'),
  failed: icon('failed', 'testing.iconFailed'),
  stopped: icon('stopped', 'charts.yellow'),
  crashed: icon('crashed', 'charts.orange'),
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

/** The Markdown tooltip: what a user wants to know about a run without opening it (views/runs/tooltip.ts). */
export function runTooltip(run: RunManifest, goal: MetricGoal, now = Date.now()): vscode.MarkdownString {
  const md = new vscode.MarkdownString(runTooltipMarkdown(run, goal, now), true);
  md.isTrusted = false;
  md.supportHtml = false;
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
