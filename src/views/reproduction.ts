// The verdict as the webviews show it (src/protocol/reproduction.ts): built from a reproduction's
// record and its reproduce.json, for Run Detail's Reproduction section and Compare's badge.
import { type RunManifest } from '../core/model';
import { formatMetric } from '../core/present/format';
import { toleranceText, verdictHeadline } from '../core/reproduce/report';
import { type ReproductionIndex, type ReproRun } from '../core/reproduce/reproductions';
import { type MetricValues, type Verdict } from '../core/reproduce/verdict';
import { type ReproducesBadge, type ReproductionInfo } from '../protocol/reproduction';

// Enough digits that two values the verdict tells apart never print the same.
const value = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : formatMetric(v, 10));
const values = (m: MetricValues | null): string => (m ? `${value(m.final)} · ${value(m.min)} · ${value(m.max)}` : 'not logged');

/** What {@link reproductionInfo} needs: the pair, and the reproduction's verdict file when it has one. */
export interface ReproductionPair {
  readonly role: 'reproduction' | 'original';
  readonly original: { readonly id: string; readonly name: string };
  readonly reproduction: RunManifest;
  readonly verdict: Verdict | undefined;
  /** Judged reproductions of the original (1 when shown on a reproduction). */
  readonly count: number;
}

/** The section's content for a pair. */
export function reproductionInfo(p: ReproductionPair): ReproductionInfo {
  const repro = { id: p.reproduction.id, name: p.reproduction.name };
  const deviations = (p.verdict?.deviations ?? p.reproduction.deviations ?? []).map((d) => d.message);
  const v = p.verdict;
  if (!v) {
    const live = p.reproduction.status === 'running' || p.reproduction.status === 'queued';
    const headline = live ? `no verdict yet: the reproduction is ${p.reproduction.status}`
      : 'no verdict: the reproduction ended before it could be judged (stopped or interrupted)';
    return { role: p.role, original: p.original, reproduction: repro, verdict: null, headline, count: p.count,
      metrics: [], outputs: [], datasets: null, deviations, reasons: [] };
  }
  return {
    role: p.role, original: p.original, reproduction: repro, verdict: v.verdict, headline: verdictHeadline(v), count: p.count,
    metrics: v.metrics.map((m) => ({ name: m.name, original: values(m.original), reproduced: values(m.reproduced), tolerance: toleranceText(m), same: m.same, detail: m.detail })),
    outputs: v.outputs.map((o) => ({ spec: o.spec, original: o.original, reproduced: o.reproduced, same: o.same })),
    datasets: v.datasetsSame === null ? null : v.datasetsSame ? 'same hashes as the original' : 'DIFFERENT from the original',
    deviations, reasons: [...v.reasons],
  };
}

/**
 * Which pair to show for `run`: itself when it is a reproduction, else its newest judged
 * reproduction (or, when none is judged yet, its newest one); undefined when it has none.
 */
export function pairFor<R extends ReproRun>(run: R, index: ReproductionIndex<R>, nameOf: (id: string) => string | undefined):
  (Omit<ReproductionPair, 'verdict' | 'reproduction'> & { readonly reproduction: R }) | undefined {
  if (run.reproducedFrom) {
    return { role: 'reproduction', original: { id: run.reproducedFrom, name: nameOf(run.reproducedFrom) ?? run.reproducedFrom }, reproduction: run, count: 1 };
  }
  const all = index.of(run.id);
  const judged = all.filter((r) => r.verdict !== undefined);
  const shown = judged[0] ?? all[0];
  return shown ? { role: 'original', original: { id: run.id, name: run.name }, reproduction: shown, count: judged.length } : undefined;
}

/** Compare's badge on a reproduction (undefined for other runs). */
export function reproducesBadge(run: RunManifest, nameOf: (id: string) => string | undefined): ReproducesBadge | undefined {
  if (!run.reproducedFrom) return undefined;
  return { originalId: run.reproducedFrom, originalName: nameOf(run.reproducedFrom) ?? run.reproducedFrom, verdict: run.verdict ?? null };
}
