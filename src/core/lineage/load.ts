// Reads the lineage records of a workspace's runs from the store: run.json for the run, its
// datasets.json / outputs.json for the per-file manifests (run.json's summaries when those are gone).
import { type DatasetManifest } from '../data/types';
import { readRunLinkFiles } from '../compare/runFiles';
import { type DatasetSummary, type RunManifest } from '../model';
import { StoreLayout } from '../store/layout';
import { type RunStore } from '../store/store';
import { type LineageRunRecord, type VersionRecord } from './types';

/** One version: the full manifest when the run kept it for that spec and hash, else the summary. */
function version(s: DatasetSummary, full: readonly DatasetManifest[] | null): VersionRecord {
  const m = full?.find((f) => f.spec === s.spec && f.hash === s.hash);
  return {
    spec: s.spec, hash: s.hash, bytes: s.bytes, fileCount: s.files,
    files: m ? m.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })) : null,
  };
}

/** The lineage record of one run whose directory is `runDir`. */
export async function lineageRecord(m: RunManifest, runDir: string, trashed: boolean): Promise<LineageRunRecord> {
  const data = m.data;
  const full = data && data.hashing ? await readRunLinkFiles(runDir) : null;
  return {
    id: m.id, name: m.name, experiment: m.experiment, command: m.command, status: m.status, createdAt: m.createdAt, params: m.params,
    ...(m.loggedParams && m.loggedParams.length > 0 ? { loggedParams: m.loggedParams } : {}),
    trashed,
    // Pulled from a teammate through the git remote (src/core/share): shown, linked, never judged here.
    pulled: m.origin !== undefined,
    data: data === null ? 'none' : data.hashing ? 'hashed' : 'off',
    datasets: data?.hashing ? data.datasets.filter((d) => !d.missing).map((d) => version(d, full?.datasets ?? null)) : [],
    outputs: data?.hashing ? data.outputs.filter((d) => !d.missing).map((d) => version(d, full?.outputs ?? null)) : [],
  };
}

/** The lineage records of every run of `store` (and of the trash when `includeTrash`). */
export async function loadLineageRecords(store: RunStore, options: { includeTrash?: boolean } = {}): Promise<LineageRunRecord[]> {
  const layout = new StoreLayout(store.root);
  const runs = await store.listRuns();
  const trash = options.includeTrash ? await store.listTrash() : [];
  return Promise.all([
    ...runs.map((m) => lineageRecord(m, layout.runDir(m.id), false)),
    ...trash.map((m) => lineageRecord(m, layout.trashRunDir(m.id), true)),
  ]);
}
