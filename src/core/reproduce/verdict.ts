// The verdict of a reproduction: each metric of the original against the reproduction (final,
// smallest and largest value) within the experiment's tolerance, the outputs' hashes, and the
// run's status. Saved as `reproduce.json` in the new run's directory (docs/store-format.md).
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { type Tolerance, type ToleranceConfig } from '../config/types';
import { type Deviation, type MetricSummary, type RunManifest, type RunStatus } from '../model';
import { writeFileAtomic } from '../fs/atomic';
import { nonFiniteReplacer } from '../store/manifest';
import { toMetricValue } from '../metrics/record';
import { isSystemMetric } from '../metrics/system';
import { own } from '../dict';

/** The file in the reproduction's run directory holding its verdict. */
export const VERDICT_FILE = 'reproduce.json';

/** Exact comparison: the default when runlens.yaml sets no tolerance. */
export const EXACT: ToleranceConfig = { default: { abs: 0, rel: 0 }, metrics: {} };

/** The values compared for one metric. */
export interface MetricValues {
  readonly final: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly count: number;
}

/** One metric, original against reproduction. */
export interface MetricVerdict {
  readonly name: string;
  readonly original: MetricValues | null;
  readonly reproduced: MetricValues | null;
  readonly tolerance: Tolerance;
  readonly same: boolean;
  /** Why it differs, e.g. `final 0.231 vs 0.244`; empty when the same. */
  readonly detail: string;
  /** Left out of the verdict by `reproduce.metrics: { NAME: ignore }` (then `same` is true). */
  readonly ignored?: boolean;
}

/** One output, by its recorded hash (null: not recorded). */
export interface OutputVerdict {
  readonly spec: string;
  readonly original: string | null;
  readonly reproduced: string | null;
  /** Null when either side has no hash to compare. */
  readonly same: boolean | null;
}

/** The whole verdict. */
export interface Verdict {
  readonly format: 1;
  readonly original: string;
  readonly reproduced: string;
  readonly verdict: 'reproduced' | 'diverged';
  readonly status: { readonly original: RunStatus; readonly reproduced: RunStatus };
  readonly metrics: MetricVerdict[];
  readonly outputs: OutputVerdict[];
  /** Whether the reproduction read datasets with the recorded hashes (null: nothing to compare). */
  readonly datasetsSame: boolean | null;
  readonly deviations: readonly Deviation[];
  /** Sentences saying why it diverged; empty when reproduced. */
  readonly reasons: string[];
  readonly createdAt: string;
}

/** True when `a` and `b` agree within `t` (NaN matches NaN, an infinity only itself). */
export function within(a: number, b: number, t: Tolerance): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= Math.max(t.abs, t.rel * Math.max(Math.abs(a), Math.abs(b)));
}

function values(s: MetricSummary | undefined): MetricValues | null {
  if (!s) return null;
  // `last` may still be the stored string spelling of a non-finite value.
  const final = typeof s.last === 'number' ? s.last : (toMetricValue(s.last) ?? NaN);
  return { final, min: s.min, max: s.max, count: s.count };
}

const show = (v: number | null): string => (v === null ? 'none' : String(v));

function compareMetric(name: string, a: MetricValues | null, b: MetricValues | null, t: Tolerance): MetricVerdict {
  if (!a || !b) return { name, original: a, reproduced: b, tolerance: t, same: false, detail: a ? 'not logged by the reproduction' : 'not logged by the original' };
  const diffs: string[] = [];
  if (!within(a.final, b.final, t)) diffs.push(`final ${show(a.final)} vs ${show(b.final)}`);
  for (const k of ['min', 'max'] as const) {
    const x = a[k];
    const y = b[k];
    if ((x === null) !== (y === null) || (x !== null && y !== null && !within(x, y, t))) diffs.push(`${k} ${show(x)} vs ${show(y)}`);
  }
  if (a.count !== b.count) diffs.push(`${a.count} vs ${b.count} values`);
  return { name, original: a, reproduced: b, tolerance: t, same: diffs.length === 0, detail: diffs.join(', ') };
}

/** Judges `reproduced` against `original` with `tolerance` (default: exact). */
export function judge(original: RunManifest, reproduced: RunManifest, tolerance: ToleranceConfig = EXACT, now = new Date()): Verdict {
  // System metrics (CPU load, memory) describe the machine, not the result: never judged.
  const names = [...new Set([...Object.keys(original.metrics), ...Object.keys(reproduced.metrics)])].filter((n) => !isSystemMetric(n)).sort();
  const ignored = new Set(tolerance.ignored ?? []);
  const metrics = names.map((n): MetricVerdict => {
    const [a, b] = [values(own(original.metrics, n)), values(own(reproduced.metrics, n))];
    if (ignored.has(n)) return { name: n, original: a, reproduced: b, tolerance: tolerance.default, same: true, detail: 'ignored (reproduce.metrics)', ignored: true };
    return compareMetric(n, a, b, own(tolerance.metrics, n) ?? tolerance.default);
  });
  const origOut = new Map((original.data?.outputs ?? []).map((o) => [o.spec, o]));
  const newOut = new Map((reproduced.data?.outputs ?? []).map((o) => [o.spec, o]));
  const outputs: OutputVerdict[] = [...new Set([...origOut.keys(), ...newOut.keys()])].map((spec) => {
    const a = origOut.get(spec);
    const b = newOut.get(spec);
    const ah = a && !a.missing ? a.hash : null;
    const bh = b && !b.missing ? b.hash : null;
    return { spec, original: ah, reproduced: bh, same: a && b ? ah === bh : null };
  });
  const oi = original.data?.datasets ?? [];
  const ri = reproduced.data?.datasets ?? [];
  const datasetsSame = oi.length === 0 || ri.length === 0 ? null : oi.length === ri.length && oi.every((d, i) => d.hash === ri[i]?.hash);
  const reasons: string[] = [];
  if (original.status !== reproduced.status) reasons.push(`the original ${original.status}, the reproduction ${reproduced.status}${reproduced.error ? ` (${reproduced.error})` : ''}`);
  for (const m of metrics) if (!m.same) reasons.push(`metric ${m.name}: ${m.detail}`);
  for (const o of outputs) if (o.same === false) reasons.push(`output "${o.spec}" differs (${o.original?.slice(0, 12) ?? 'none'} vs ${o.reproduced?.slice(0, 12) ?? 'none'})`);
  if (datasetsSame === false) reasons.push('the reproduction read different data than the original');
  return {
    format: 1, original: original.id, reproduced: reproduced.id, verdict: reasons.length === 0 ? 'reproduced' : 'diverged',
    status: { original: original.status, reproduced: reproduced.status }, metrics, outputs, datasetsSame,
    deviations: reproduced.deviations ?? [], reasons, createdAt: now.toISOString(),
  };
}

/** Writes the verdict beside the reproduction's run.json. */
export async function saveVerdict(runDir: string, v: Verdict): Promise<void> {
  await writeFileAtomic(join(runDir, VERDICT_FILE), `${JSON.stringify(v, nonFiniteReplacer, 2)}\n`);
}

/** Reads a run's verdict; undefined when it has none (not a reproduction, or still running). */
export async function loadVerdict(runDir: string): Promise<Verdict | undefined> {
  const text = await fsp.readFile(join(runDir, VERDICT_FILE), 'utf8').catch(() => undefined); // no verdict file: not a reproduction, or still running
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Verdict;
    return v.format === 1 && (v.verdict === 'reproduced' || v.verdict === 'diverged') ? v : undefined;
  } catch {
    // A damaged verdict file reads as no verdict (the reproduction shows "no verdict yet").
    return undefined;
  }
}
