// Which params differ across any number of runs: the rule `runlens compare` prints and the Compare
// view highlights. A param absent from some run differs; values compare deeply and by type.
import { isDeepStrictEqual } from 'node:util';
import { type ParamValue, type RunManifest } from '../model';

/** Every param of a set of runs and which of them differ. */
export interface ParamDiff {
  /** Every param name any run has, sorted. */
  readonly names: string[];
  /** Names whose value is not the same in every run (or that some run lacks), sorted. */
  readonly differing: string[];
  /** Names present in every run with one value. */
  readonly same: string[];
}

/** A run's value of param `name`, or undefined when the run has no such param. */
export function paramOf(run: Pick<RunManifest, 'params'>, name: string): ParamValue | undefined {
  return Object.prototype.hasOwnProperty.call(run.params, name) ? run.params[name] : undefined;
}

/** Compares the params of `runs`; one run alone differs in nothing. */
export function diffParamsAcross(runs: readonly RunManifest[]): ParamDiff {
  const names = [...new Set(runs.flatMap((m) => Object.keys(m.params)))].sort();
  const differing: string[] = [];
  const same: string[] = [];
  for (const name of names) {
    const first = runs[0] ? paramOf(runs[0], name) : undefined;
    const equal = runs.every((m) => paramOf(m, name) !== undefined && isDeepStrictEqual(paramOf(m, name), first));
    (equal ? same : differing).push(name);
  }
  return { names, differing, same };
}

/**
 * Whether the runs look like a sweep: one experiment for all, and either two or more differing
 * params or three or more runs varying one param (a one-axis grid). Then parallel coordinates and a
 * param/metric scatter say more than curves.
 */
export function looksLikeSweep(runs: readonly RunManifest[], diff: ParamDiff): boolean {
  const experiment = runs[0]?.experiment ?? null;
  if (runs.length < 2 || experiment === null || runs.some((r) => r.experiment !== experiment)) return false;
  return diff.differing.length >= 2 || (runs.length >= 3 && diff.differing.length >= 1);
}

/**
 * A string key per param value that is equal exactly when `isDeepStrictEqual` says the values are
 * (type matters, NaN equals NaN, 0 and -0 differ), so runs can be grouped by value in one pass.
 */
export function paramValueKey(v: ParamValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number' && Object.is(v, -0)) return 'number:-0';
  return `${typeof v}:${String(v)}`;
}
