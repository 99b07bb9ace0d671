// Rerun Stale Chain (docs/lineage.md): from the stale verdicts of a status check, the runs to redo
// so that one stale run becomes fresh again: its stale upstream runs first, producers before their
// consumers, then the run itself. Pure: the queue and the runner do the rerunning.
import { type StaleReason, type StaleVerdict } from './stale';

/** Why a chain cannot be derived for a run. */
export type ChainProblem = 'not-judged' | 'fresh';

/** The runs to rerun, upstream first, or why there are none. */
export type StaleChain =
  | { readonly ok: true; readonly runs: readonly StaleVerdict[] }
  | { readonly ok: false; readonly problem: ChainProblem; readonly message: string };

/** The upstream runs a reason waits on (only `upstream-stale` names one). */
function upstreamOf(reason: StaleReason): string | undefined {
  return reason.kind === 'upstream-stale' ? reason.run : undefined;
}

/**
 * The chain of `runId` from `verdicts` (as `judgeStaleness` returns them): every stale run it
 * depends on through `upstream-stale` reasons, each after the runs it depends on (depth first, so
 * a diamond's shared producer comes once, before both branches), and `runId` last. A reason that
 * names a run with no verdict (it cannot happen with judgeStaleness's output) is skipped, as is a
 * cycle, which only a hand-edited store could make.
 */
export function staleChain(verdicts: readonly StaleVerdict[], runId: string): StaleChain {
  const byRun = new Map(verdicts.map((v) => [v.run, v]));
  const target = byRun.get(runId);
  if (!target) {
    return { ok: false, problem: 'not-judged', message: 'it is not the current result of its experiment (a newer run of the same params exists, or it has not finished), so it is history, not work to redo' };
  }
  if (!target.stale) return { ok: false, problem: 'fresh', message: `${target.name} is up to date: nothing it depends on changed` };
  const order: StaleVerdict[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const visit = (v: StaleVerdict): void => {
    if (placed.has(v.run) || visiting.has(v.run)) return;
    visiting.add(v.run);
    for (const r of v.reasons) {
      const up = upstreamOf(r);
      const next = up === undefined ? undefined : byRun.get(up);
      if (next?.stale) visit(next);
    }
    visiting.delete(v.run);
    placed.add(v.run);
    order.push(v);
  };
  visit(target);
  return { ok: true, runs: order };
}

/** One line per reason of a verdict, for tooltips and messages: "data/raw.csv changed ...". */
export function staleSummary(v: StaleVerdict): string {
  return v.reasons.map((r) => r.message).join('\n');
}
