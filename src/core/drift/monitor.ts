// Checks a `monitor:` of runlens.yaml: resolve its reference (a path, a run named by id, by the best
// or newest run of an experiment, by tag, or a recorded dataset version), profile its current data,
// and compare. Shared by `runlens monitor` and the editor's watcher.
import { readRunLinkFiles } from '../compare/runFiles';
import { type MonitorConfig, type MonitorReference } from '../config/monitors';
import { errorMessage } from '../errors';
import { type RunManifest } from '../model';
import { createHash } from 'node:crypto';
import { profileDataset, profileManifest, type DatasetProfileOptions } from '../profile/dataset';
import { mergeProfiles } from '../profile/merge';
import { type FileProfile } from '../profile/types';
import { StoreLayout } from '../store/layout';
import { type RunStore } from '../store/store';
import { compareProfiles } from './drift';
import { DataRefError, profileRef, profileRunData, type ProfiledSide } from './reference';
import { type DriftReport } from './types';

/** The outcome of one monitor: a report, or why it could not be checked. */
export interface MonitorResult {
  readonly name: string;
  readonly reference?: string;
  readonly current: readonly string[];
  readonly report?: DriftReport;
  readonly error?: string;
  /** Per-file problems of either side (unreadable files, versions no longer available). */
  readonly problems: readonly string[];
  /**
   * When the current data is several files: each file against the reference on its own (the
   * monitor's verdict is `report`, on the files merged), so one shifted file among many is seen.
   */
  readonly files?: readonly { readonly path: string; readonly report: DriftReport }[];
}

function metricValue(run: RunManifest, metric: string): number | undefined {
  const v = run.metrics[metric]?.last;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The run a reference names, or a DataRefError saying why none. */
export async function referenceRun(store: RunStore, ref: Exclude<MonitorReference, { kind: 'ref' } | { kind: 'version' }>): Promise<RunManifest> {
  if (ref.kind === 'run') {
    const run = await store.getRun(ref.run);
    if (!run) throw new DataRefError(`no run "${ref.run}"`);
    return run;
  }
  const finished = (await store.listRuns(ref.kind === 'tag' ? { tag: ref.tag, status: ['finished'] } : { experiment: ref.experiment, status: ['finished'] }));
  if (ref.kind === 'tag' || ref.best === undefined) {
    const newest = finished[0];
    if (!newest) throw new DataRefError(ref.kind === 'tag' ? `no finished run is tagged "${ref.tag}"` : `experiment ${ref.experiment} has no finished run`);
    return newest;
  }
  const metric = ref.best;
  const scored = finished.filter((r) => metricValue(r, metric) !== undefined);
  const sign = ref.mode === 'min' ? -1 : 1;
  const best = scored.reduce<RunManifest | undefined>((b, r) => (b === undefined || sign * (metricValue(r, metric) as number) > sign * (metricValue(b, metric) as number) ? r : b), undefined);
  if (!best) throw new DataRefError(`no finished run of ${ref.experiment} logged ${metric}`);
  return best;
}

/** Profiles the reference of a monitor. */
export async function profileReference(workspaceRoot: string, store: RunStore, ref: MonitorReference, options: DatasetProfileOptions): Promise<ProfiledSide> {
  if (ref.kind === 'ref') return profileRef(workspaceRoot, store, ref.ref, options);
  if (ref.kind === 'version') {
    for (const run of await store.listRuns()) {
      const links = await readRunLinkFiles(new StoreLayout(store.root).runDir(run.id));
      const found = [...(links.datasets ?? []), ...(links.outputs ?? [])].find((m) => m.hash.startsWith(ref.version) && (ref.dataset === undefined || m.spec === ref.dataset));
      if (found) {
        const data = await profileManifest(workspaceRoot, found, { ...options, storeRoot: store.root });
        return { label: `${found.spec} @ ${found.hash.slice(0, 12)}`, data, run };
      }
    }
    throw new DataRefError(`no run recorded a dataset or output version ${ref.version}`);
  }
  return profileRunData(workspaceRoot, store, await referenceRun(store, ref), ref.dataset, options);
}

/** The two profiles a monitor compared (the editor draws their histograms). */
export type MonitorProfiles = (reference: FileProfile, current: FileProfile) => void;

/**
 * Profiles and compares one monitor; never throws (a failure is the result's `error`). `onProfiles`
 * hears the two profiles compared, for callers that show more than the report.
 */
export async function checkMonitor(workspaceRoot: string, store: RunStore, monitor: MonitorConfig, options: DatasetProfileOptions, onProfiles?: MonitorProfiles): Promise<MonitorResult> {
  const base = { name: monitor.name, current: monitor.current };
  const problems: string[] = [];
  try {
    const ref = await profileReference(workspaceRoot, store, monitor.reference, options);
    for (const p of ref.data.problems) problems.push(`${ref.label}: ${p.path}: ${p.message}`);
    if (!ref.data.profile) return { ...base, reference: ref.label, problems, error: `the reference ${ref.label} has no tabular data to compare with` };
    const parts: FileProfile[] = [];
    const paths: string[] = [];
    for (const spec of monitor.current) {
      const cur = await profileDataset(workspaceRoot, spec, options);
      for (const p of cur.problems) problems.push(`${spec}: ${p.path}: ${p.message}`);
      for (const f of cur.files) { parts.push(f.profile); paths.push(f.path); }
    }
    if (parts.length === 0) return { ...base, reference: ref.label, problems, error: `no CSV, TSV, JSON Lines or Parquet file in ${monitor.current.join(', ')}` };
    // Several files judged together: their merged profile is named by the hash of their hashes.
    const id = createHash('sha256').update(parts.map((p) => p.sha256).sort().join('\n')).digest('hex');
    const current = parts.length === 1 ? (parts[0] as FileProfile) : mergeProfiles(id, parts);
    onProfiles?.(ref.data.profile, current);
    const driftOptions = {
      ...(monitor.share === undefined ? {} : { datasetShare: monitor.share }),
      ...(monitor.columns === undefined ? {} : { columns: monitor.columns }),
    };
    const refProfile = ref.data.profile;
    const report = compareProfiles(refProfile, current, driftOptions);
    const files = parts.length > 1 ? parts.map((p, i) => ({ path: paths[i] as string, report: compareProfiles(refProfile, p, driftOptions) })) : undefined;
    return { ...base, reference: ref.label, report, problems, ...(files ? { files } : {}) };
  } catch (e) {
    return { ...base, problems, error: errorMessage(e) };
  }
}
