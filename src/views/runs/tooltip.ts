// The Markdown of a Runs view row's tooltip: title, where a pulled run came from, params, metrics,
// commit and data. Built here (no `vscode`) so its order is tested; the tree wraps it in a
// MarkdownString. Everything from run data is escaped: it is text, never Markdown or HTML.
import { type RunManifest, type RunOrigin, type RunStatus } from '../../core/model';
import { isLoggedParam } from '../../core/params/logged';
import { formatDuration, formatMetric, runDuration } from '../../core/present/format';
import { codeSpan, escapeMarkdown } from '../../core/present/markdown';

/** The codicon of each run status (`~spin` animates it in a tree row; a tooltip shows it still). */
export const STATUS_CODICONS: Record<RunStatus, string> = {
  queued: 'clock',
  running: 'loading~spin',
  finished: 'pass',
  failed: 'error',
  stopped: 'debug-stop',
  crashed: 'warning',
};

/** Which metric the tooltip marks as primary, and whether lower or higher is better. */
export interface TooltipGoal {
  readonly primary: string | undefined;
  readonly goal: 'min' | 'max';
}

/** The words of the pulled mark, as the Runs view's share marks say it. */
export const PULLED_MARK = '$(cloud-download) Pulled';

/** Where a pulled run came from and who ran it: "Pulled from origin: run by **Alice** (alice@…) on gpu-1. Read-only here…". */
export function pulledLine(o: RunOrigin): string {
  return `${PULLED_MARK} from ${escapeMarkdown(o.remote)}: run by **${escapeMarkdown(o.author)}**` +
    `${o.email ? ` (${escapeMarkdown(o.email)})` : ''}${o.host ? ` on ${escapeMarkdown(o.host)}` : ''}. Read-only here: compare or reproduce it.`;
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

/**
 * The tooltip's Markdown: what a user wants to know about a run without opening it. A pulled run's
 * origin comes right after the title line: the hover scrolls, and whose run it is matters first.
 */
export function runTooltipMarkdown(run: RunManifest, goal: TooltipGoal, now = Date.now()): string {
  const out: string[] = [];
  const duration = runDuration(run, now);
  out.push(`$(${STATUS_CODICONS[run.status].replace('~spin', '')}) **${escapeMarkdown(run.name)}** · ${run.status}`);
  out.push(`${duration !== undefined ? ` · ${formatDuration(duration)}` : ''}\n\n`);
  if (run.origin) out.push(`${pulledLine(run.origin)}\n\n`);
  if (run.error) out.push(`${escapeMarkdown(run.error)}\n\n`);
  out.push(`${run.experiment ? `Experiment **${escapeMarkdown(run.experiment)}** · ` : ''}${codeSpan(run.id)}\n\n`);
  const params = Object.entries(run.params);
  if (params.length > 0) {
    out.push('| param | value |\n|---|---|\n');
    // A param the script logged itself (runlens.log_params) is marked as such.
    for (const [k, v] of params) out.push(`| ${escapeMarkdown(k)}${isLoggedParam(run, k) ? ' (logged)' : ''} | ${escapeMarkdown(String(v))} |\n`);
    out.push('\n');
  }
  const metrics = Object.entries(run.metrics);
  if (metrics.length > 0) {
    // Best is min or max depending on the goal, which only the primary metric declares; the
    // others show both ends rather than guess.
    out.push('| metric | last | min | max |\n|---|---:|---:|---:|\n');
    for (const [name, s] of metrics) {
      const primary = name === goal.primary;
      const label = primary ? `**${escapeMarkdown(name)}** (${goal.goal === 'min' ? 'lower' : 'higher'} is better)` : escapeMarkdown(name);
      const end = (v: number | null, isBest: boolean): string => (v === null ? '–' : isBest ? `**${formatMetric(v)}**` : formatMetric(v));
      out.push(`| ${label} | ${formatMetric(s.last)} | ${end(s.min, primary && goal.goal === 'min')} | ${end(s.max, primary && goal.goal === 'max')} |\n`);
    }
    out.push('\n');
  }
  for (const line of [codeLine(run), ...dataLines(run)]) if (line) out.push(`${line}\n\n`);
  if (run.tags.length > 0) out.push(`Tags: ${run.tags.map(escapeMarkdown).join(', ')}\n\n`);
  if (run.note) out.push(`Note: ${escapeMarkdown(run.note)}\n\n`);
  return out.join('');
}
