// The data half of `runlens diff`: per declared dataset (and output) spec, whether the two runs saw
// the same content, and if not, which files were added, removed or modified. Hashes come from
// run.json; the per-file answer needs the full manifests of datasets.json / outputs.json.
import { diffManifests, type ManifestDiff } from '../data/manifest';
import { type DatasetManifest } from '../data/types';
import { type DatasetSummary, type RunDataLinks } from '../model';

/** One run's side of a dataset: its summary as run.json records it. */
export interface DatasetSide {
  readonly hash: string;
  readonly files: number;
  readonly bytes: number;
  /** Declared but absent when the run started (or, for an output, not written by the run). */
  readonly missing: boolean;
}

/** How one spec compares between A and B. */
export interface DatasetDiff {
  readonly spec: string;
  /** same: equal hashes; changed: different hashes; added: declared by B only; removed: by A only. */
  readonly change: 'same' | 'changed' | 'added' | 'removed';
  readonly a: DatasetSide | null;
  readonly b: DatasetSide | null;
  /** Files from A to B; null when the spec is the same, declared by one run only, or a full manifest is missing. */
  readonly files: ManifestDiff | null;
  /** Why `files` is null although the hashes differ. */
  readonly note: string | null;
}

/** The data of A and B. */
export interface DataDiff {
  /** Whether each run hashed its data at all (false: `--no-hash`, or a run recorded without data links). */
  readonly hashing: { readonly a: boolean; readonly b: boolean };
  readonly datasets: DatasetDiff[];
  readonly outputs: DatasetDiff[];
}

/** Full manifests of one run, per kind; null when the file is unavailable. */
export interface FullManifests {
  readonly datasets: readonly DatasetManifest[] | null;
  readonly outputs: readonly DatasetManifest[] | null;
}

function side(s: DatasetSummary): DatasetSide {
  return { hash: s.hash, files: s.files, bytes: s.bytes, missing: s.missing };
}

/** First entry per spec (a spec declared twice is the same dataset). */
function bySpec<T extends { readonly spec: string }>(list: readonly T[] | null | undefined): Map<string, T> {
  const map = new Map<string, T>();
  for (const x of list ?? []) if (!map.has(x.spec)) map.set(x.spec, x);
  return map;
}

/**
 * Compares one kind (datasets or outputs) spec by spec, in A's declaration order then B's new
 * specs. A full manifest whose hash is not the one in run.json is not trusted for the file lists.
 */
export function diffDatasetLists(
  a: readonly DatasetSummary[], b: readonly DatasetSummary[],
  fullA: readonly DatasetManifest[] | null, fullB: readonly DatasetManifest[] | null, fileName: string,
): DatasetDiff[] {
  const sa = bySpec(a);
  const sb = bySpec(b);
  const fa = bySpec(fullA);
  const fb = bySpec(fullB);
  const specs = [...sa.keys(), ...[...sb.keys()].filter((s) => !sa.has(s))];
  return specs.map((spec): DatasetDiff => {
    const x = sa.get(spec);
    const y = sb.get(spec);
    if (!x || !y) {
      return { spec, change: x ? 'removed' : 'added', a: x ? side(x) : null, b: y ? side(y) : null, files: null, note: null };
    }
    if (x.hash === y.hash) return { spec, change: 'same', a: side(x), b: side(y), files: null, note: null };
    const mx = fa.get(spec);
    const my = fb.get(spec);
    const usable = mx !== undefined && my !== undefined && mx.hash === x.hash && my.hash === y.hash;
    return {
      spec, change: 'changed', a: side(x), b: side(y),
      files: usable ? diffManifests(mx, my) : null,
      note: usable ? null : `the per-file lists are not available (${fileName} of a run is missing or does not match run.json)`,
    };
  });
}

/** Compares the datasets and outputs of A and B (their `data` links and full manifests). */
export function diffData(a: RunDataLinks | null, b: RunDataLinks | null, fullA: FullManifests, fullB: FullManifests): DataDiff {
  return {
    hashing: { a: a?.hashing ?? false, b: b?.hashing ?? false },
    datasets: diffDatasetLists(a?.datasets ?? [], b?.datasets ?? [], fullA.datasets, fullB.datasets, 'datasets.json'),
    outputs: diffDatasetLists(a?.outputs ?? [], b?.outputs ?? [], fullA.outputs, fullB.outputs, 'outputs.json'),
  };
}

/** True when every spec is the same in both runs (and both hashed, or neither). */
export function isSameData(d: DataDiff): boolean {
  return d.hashing.a === d.hashing.b && [...d.datasets, ...d.outputs].every((x) => x.change === 'same');
}
