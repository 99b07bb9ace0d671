// Reads the lineage records of a workspace's runs from the store: run.json for the run, its
// datasets.json / outputs.json for the per-file manifests (run.json's summaries when those are gone),
// each version's manifest read once however many runs recorded it.
import { type DatasetManifest } from '../data/types';
import { readRunLinkFiles } from '../compare/runFiles';
import { type DatasetSummary, type RunManifest } from '../model';
import { StoreLayout } from '../store/layout';
import { type RunStore } from '../store/store';
import { type LineageFile, type LineageRunRecord, type VersionRecord } from './types';

/** The per-file entries of each dataset version read so far, by dataset hash (content-addressed: same hash, same files). */
export type KnownFiles = Map<string, readonly LineageFile[]>;

/** The versions a run recorded with hashing on (missing ones left out). */
function versionsOf(m: RunManifest): { datasets: DatasetSummary[]; outputs: DatasetSummary[] } {
  const data = m.data;
  if (!data?.hashing) return { datasets: [], outputs: [] };
  return { datasets: data.datasets.filter((d) => !d.missing), outputs: data.outputs.filter((d) => !d.missing) };
}

/** Adds what a run's datasets.json / outputs.json hold for the versions it recorded. */
function learn(known: KnownFiles, summaries: readonly DatasetSummary[], full: readonly DatasetManifest[] | null): void {
  for (const s of summaries) {
    if (known.has(s.hash)) continue;
    const m = full?.find((f) => f.spec === s.spec && f.hash === s.hash);
    if (m) known.set(s.hash, m.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 })));
  }
}

function version(s: DatasetSummary, known: KnownFiles): VersionRecord {
  return { spec: s.spec, hash: s.hash, bytes: s.bytes, fileCount: s.files, files: known.get(s.hash) ?? null };
}

function record(m: RunManifest, trashed: boolean, known: KnownFiles): LineageRunRecord {
  const v = versionsOf(m);
  return {
    id: m.id, name: m.name, experiment: m.experiment, command: m.command, status: m.status, createdAt: m.createdAt, params: m.params,
    ...(m.loggedParams && m.loggedParams.length > 0 ? { loggedParams: m.loggedParams } : {}),
    trashed,
    // Pulled from a teammate through the git remote (src/core/share): shown, linked, never judged here.
    pulled: m.origin !== undefined,
    data: m.data === null ? 'none' : m.data.hashing ? 'hashed' : 'off',
    datasets: v.datasets.map((s) => version(s, known)),
    outputs: v.outputs.map((s) => version(s, known)),
  };
}

/** A run to read records from: its manifest, its directory and whether it is in the trash. */
type RunSource = { readonly m: RunManifest; readonly dir: string; readonly trashed: boolean };

/**
 * Reads, in rounds, the per-file manifests of the versions `want` keeps that nobody has read yet:
 * each round reads, in parallel, one run per such version. A run whose files are unreadable leaves
 * the version to the next run that has it.
 */
async function readVersions(runs: readonly RunSource[], known: KnownFiles, tried: Set<string>, want: (s: DatasetSummary) => boolean): Promise<void> {
  const wanted = (r: RunSource): { datasets: DatasetSummary[]; outputs: DatasetSummary[] } => {
    const v = versionsOf(r.m);
    return { datasets: v.datasets.filter(want), outputs: v.outputs.filter(want) };
  };
  for (let pending = runs; pending.length > 0;) {
    const claimed = new Set<string>();
    const round = pending.filter((r) => {
      const v = wanted(r);
      const open = [...v.datasets, ...v.outputs].filter((s) => !known.has(s.hash) && !claimed.has(s.hash));
      for (const s of open) claimed.add(s.hash);
      return open.length > 0 && !tried.has(r.dir);
    });
    if (round.length === 0) break;
    await Promise.all(round.map(async (r) => {
      tried.add(r.dir);
      const full = await readRunLinkFiles(r.dir);
      const v = wanted(r);
      learn(known, v.datasets, full.datasets);
      learn(known, v.outputs, full.outputs);
    }));
    pending = pending.filter((r) => !tried.has(r.dir));
  }
}

/**
 * The lineage records of `runs` (each with its directory). A version is content-addressed, so its
 * per-file manifest is read from one run that recorded it, not from every run: ten runs of a sweep
 * over one dataset parse its manifest once. A version no run kept in full falls back to run.json's
 * summary. `known` carries what earlier calls read, so a store read in chunks reads each version once.
 */
export async function lineageRecords(runs: readonly RunSource[], known: KnownFiles = new Map()): Promise<LineageRunRecord[]> {
  await readVersions(runs, known, new Set(), () => true);
  return runs.map((r) => record(r.m, r.trashed, known));
}

/** Records whose inputs' per-file manifests are read only when asked for (see {@link lazyLineageRecords}). */
export interface LazyRecords {
  readonly records: LineageRunRecord[];
  /** The records again, with the per-file manifests of every input version read from one of `specs`. */
  withInputFiles(specs: ReadonlySet<string>): Promise<LineageRunRecord[]>;
}

/**
 * Like {@link lineageRecords}, but an input version's per-file manifest is read only when it can
 * matter: always when some run recorded outputs (a file of one may be in any input: the links need
 * them all), else only on request, for the inputs a status check found changed (their verdicts name
 * files). An unchanged workspace without outputs then parses no per-file manifest at all.
 */
export async function lazyLineageRecords(runs: readonly RunSource[]): Promise<LazyRecords> {
  if (runs.some((r) => versionsOf(r.m).outputs.length > 0)) {
    const records = await lineageRecords(runs);
    return { records, withInputFiles: () => Promise.resolve(records) };
  }
  const known: KnownFiles = new Map();
  return {
    records: runs.map((r) => record(r.m, r.trashed, known)),
    async withInputFiles(specs) {
      await readVersions(runs, known, new Set(), (s) => specs.has(s.spec));
      return runs.map((r) => record(r.m, r.trashed, known));
    },
  };
}

/** The runs of `store` (and of its trash when `includeTrash`) with their directories. */
async function runSources(store: RunStore, includeTrash: boolean): Promise<RunSource[]> {
  const layout = new StoreLayout(store.root);
  const runs = await store.listRuns();
  const trash = includeTrash ? await store.listTrash() : [];
  return [
    ...runs.map((m) => ({ m, dir: layout.runDir(m.id), trashed: false })),
    ...trash.map((m) => ({ m, dir: layout.trashRunDir(m.id), trashed: true })),
  ];
}

/** The lineage records of every run of `store` (and of the trash when `includeTrash`). */
export async function loadLineageRecords(store: RunStore, options: { includeTrash?: boolean } = {}): Promise<LineageRunRecord[]> {
  return lineageRecords(await runSources(store, options.includeTrash === true));
}

/** The lineage records of every run of `store`, inputs' per-file manifests read on request ({@link lazyLineageRecords}). */
export async function loadLazyLineageRecords(store: RunStore): Promise<LazyRecords> {
  return lazyLineageRecords(await runSources(store, false));
}

/** Options of {@link streamLineageRecords}. */
export interface StreamOptions {
  /** Runs read between pauses. */
  readonly chunk?: number;
  /** Awaited after each chunk: an editor yields its event loop there, so it stays responsive. */
  readonly pause?: () => Promise<void>;
  /**
   * Sees each record as it is read; those it returns false for are left out of the result (a
   * caller that keeps what it needs of them itself: 100,000 records not held at once).
   */
  readonly keep?: (record: LineageRunRecord) => boolean;
}

/**
 * The lineage records of every run of `store` (no trash), as {@link loadLineageRecords} gives them,
 * read from the manifest index a chunk at a time: only the records are kept, never every manifest
 * at once, and `pause` runs between chunks.
 */
export async function streamLineageRecords(store: RunStore, options: StreamOptions = {}): Promise<LineageRunRecord[]> {
  const layout = new StoreLayout(store.root);
  const chunk = Math.max(1, options.chunk ?? 500);
  const known: KnownFiles = new Map();
  const out: LineageRunRecord[] = [];
  await store.withManifests(async (listing) => {
    for (let start = 0; start < listing.size; start += chunk) {
      const batch: { m: RunManifest; dir: string; trashed: boolean }[] = [];
      for (let i = start; i < Math.min(listing.size, start + chunk); i++) {
        const m = await listing.get(i);
        if (m) batch.push({ m, dir: layout.runDir(m.id), trashed: false });
      }
      const records = await lineageRecords(batch, known);
      out.push(...(options.keep ? records.filter(options.keep) : records));
      await options.pause?.();
    }
  });
  // A version first read in a later chunk: the earlier chunks' runs get its files too, as one read gives them.
  const fill = (v: VersionRecord): VersionRecord => (v.files === null && known.has(v.hash) ? { ...v, files: known.get(v.hash) ?? null } : v);
  return out.map((r) => (r.datasets.some((v) => v.files === null) || r.outputs.some((v) => v.files === null)
    ? { ...r, datasets: r.datasets.map(fill), outputs: r.outputs.map(fill) } : r));
}
