// Which runs reproduce which, and how each came out, from run manifests alone (a reproduction's
// `reproducedFrom` and `verdict`): what the Runs view, Run Detail, Compare, `ls` and `show` mark.
import { type ReproduceVerdict, type RunManifest } from '../model';

/** The name stem of an original's reproductions: `calm-river-2 repro` gives `calm-river-2 repro 1`. */
export function reproductionNamePrefix(originalName: string): string {
  return `${originalName} repro`;
}

/** ✓ for reproduced, ✗ for diverged. */
export function verdictMark(v: ReproduceVerdict): string {
  return v === 'reproduced' ? '✓' : '✗';
}

/** What reproduction state needs of a run: a whole manifest or a listing's summary both have it. */
export type ReproRun = Pick<RunManifest, 'id' | 'name' | 'status' | 'reproducedFrom' | 'verdict'>;

/**
 * Where a run stands in reproduction: a reproduction (judged or not yet), an original whose newest
 * judged reproduction says how it fared, or neither.
 */
export type ReproductionState<R extends ReproRun = RunManifest> =
  | { readonly role: 'reproduction'; readonly original: string; readonly verdict: ReproduceVerdict | null }
  | { readonly role: 'original'; readonly latest: R; readonly verdict: ReproduceVerdict; readonly count: number };

/** Reproductions by original id, newest first; built once per listing. */
export class ReproductionIndex<R extends ReproRun = RunManifest> {
  private readonly byOriginal = new Map<string, R[]>();
  private readonly reproductions = new Set<string>();

  constructor(runs: Iterable<R>) {
    for (const r of runs) {
      if (!r.reproducedFrom) continue;
      this.reproductions.add(r.id);
      const list = this.byOriginal.get(r.reproducedFrom) ?? [];
      list.push(r);
      this.byOriginal.set(r.reproducedFrom, list);
    }
    // Run ids start with their creation time, so a descending id sort is newest first.
    for (const list of this.byOriginal.values()) list.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  /** The reproductions of `originalId`, newest first. */
  of(originalId: string): readonly R[] {
    return this.byOriginal.get(originalId) ?? [];
  }

  /** Whether run `id` was a reproduction when the index was built. */
  holds(id: string): boolean {
    return this.reproductions.has(id);
  }

  /** How `run` stands; undefined for a run that is neither a reproduction nor judged by one. */
  stateOf(run: ReproRun): ReproductionState<R> | undefined {
    if (run.reproducedFrom) return { role: 'reproduction', original: run.reproducedFrom, verdict: run.verdict ?? null };
    const judged = this.of(run.id).filter((r) => r.verdict !== undefined);
    const latest = judged[0];
    if (!latest?.verdict) return undefined;
    return { role: 'original', latest, verdict: latest.verdict, count: judged.length };
  }
}

/**
 * The state in words, e.g. `reproduces calm-river-2 ✓ reproduced`, `reproduces calm-river-2 (no
 * verdict yet)` or `✗ diverged in calm-river-2 repro 1`. `nameOf` turns an id into a run name.
 */
export function describeReproduction(state: ReproductionState<ReproRun>, nameOf: (id: string) => string): string {
  if (state.role === 'reproduction') {
    const verdict = state.verdict ? `${verdictMark(state.verdict)} ${state.verdict}` : '(no verdict yet)';
    return `reproduces ${nameOf(state.original)} ${verdict}`;
  }
  const more = state.count > 1 ? ` (latest of ${state.count} reproductions)` : '';
  return `${verdictMark(state.verdict)} ${state.verdict === 'reproduced' ? 'reproduced by' : 'diverged in'} ${state.latest.name}${more}`;
}
