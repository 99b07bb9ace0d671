// A verdict in words, for the CLI (`runlens reproduce`, `runlens show`) and the editor's
// notification: one headline, then one line per metric and output, then deviations.
import { type MetricVerdict, type Verdict } from './verdict';

const num = (v: number | string | null | undefined): string => {
  if (v === null || v === undefined) return '-';
  if (typeof v === 'string') return v;
  return Number.isInteger(v) ? String(v) : v.toPrecision(6).replace(/\.?0+(e|$)/, '$1');
};

/** "exact", or the tolerance a metric was judged with ("abs 0.001, rel 1e-06"). */
export function toleranceText(m: MetricVerdict): string {
  const t = m.tolerance;
  if (m.ignored === true) return 'ignored';
  if (t.abs === 0 && t.rel === 0) return 'exact';
  return [t.abs > 0 ? `abs ${t.abs}` : '', t.rel > 0 ? `rel ${t.rel}` : ''].filter(Boolean).join(', ');
}

/** One sentence: "reproduced: 3 metrics identical, outputs identical" or "diverged: 2 of 3 metrics differ". */
export function verdictHeadline(v: Verdict): string {
  const judged = v.metrics.filter((m) => m.ignored !== true);
  const differing = judged.filter((m) => !m.same).length;
  const ignoredText = judged.length < v.metrics.length ? ` (${v.metrics.length - judged.length} ignored)` : '';
  const outs = v.outputs.filter((o) => o.same !== null);
  const outText = outs.length === 0 ? 'no outputs compared' : outs.every((o) => o.same) ? 'outputs identical' : `${outs.filter((o) => o.same === false).length} of ${outs.length} output(s) differ`;
  const metricText = (v.metrics.length === 0 ? 'no metrics logged' : differing === 0
    ? `${judged.length} metric(s) ${judged.every((m) => m.tolerance.abs === 0 && m.tolerance.rel === 0) ? 'identical' : 'within tolerance'}`
    : `${differing} of ${judged.length} metric(s) differ`) + ignoredText;
  const status = v.status.original !== v.status.reproduced ? `, run ${v.status.reproduced}` : '';
  return `${v.verdict}: ${metricText}, ${outText}${status}`;
}

/** The verdict as aligned text lines (no colour). */
export function verdictLines(v: Verdict): string[] {
  const lines = [`verdict: ${verdictHeadline(v)}`, `original ${v.original}, reproduction ${v.reproduced}`];
  if (v.metrics.length > 0) {
    const rows = v.metrics.map((m) => [
      m.ignored === true ? 'ignored' : m.same ? 'same' : 'DIFF', m.name, num(m.original?.final), num(m.reproduced?.final), num(m.original?.min), num(m.reproduced?.min),
      num(m.original?.max), num(m.reproduced?.max), toleranceText(m),
    ]);
    const header = ['', 'METRIC', 'FINAL (orig)', 'FINAL (repro)', 'MIN (orig)', 'MIN (repro)', 'MAX (orig)', 'MAX (repro)', 'TOLERANCE'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    for (const r of [header, ...rows]) lines.push(`  ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()}`);
  }
  for (const o of v.outputs) {
    const state = o.same === null ? 'not compared' : o.same ? 'same' : 'DIFF';
    lines.push(`  output ${o.spec}: ${state} (${o.original?.slice(0, 12) ?? 'none'} vs ${o.reproduced?.slice(0, 12) ?? 'none'})`);
  }
  if (v.datasetsSame !== null) lines.push(`  datasets: ${v.datasetsSame ? 'same hashes as the original' : 'DIFFERENT from the original'}`);
  for (const d of v.deviations) lines.push(`  deviation: ${d.message}`);
  for (const r of v.reasons) lines.push(`  why: ${r}`);
  return lines;
}

/**
 * What `runlens reproduce --status-file` holds while it works: the editor that started it in a
 * terminal follows the phases and reads the verdict from it. A reproduction sent to Slurm ends the
 * command at `submitted`: the job writes its own phases to `statusFile`, in the shared store.
 */
export type ReproduceStatus =
  | { readonly phase: 'submitted'; readonly jobId: string; readonly output: string; readonly statusFile: string }
  | { readonly phase: 'preparing' }
  | { readonly phase: 'running'; readonly runId: string; readonly worktree: string }
  | { readonly phase: 'done'; readonly runId: string; readonly worktree: string | null; readonly verdict: Verdict }
  | { readonly phase: 'data-choice'; readonly unavailable: readonly string[] }
  | { readonly phase: 'error'; readonly message: string };
