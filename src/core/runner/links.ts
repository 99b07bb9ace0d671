// Links a run to its exact code and data: datasets hashed before the process starts (a missing one
// stops the run), the git snapshot taken as it starts, and at the end the outputs hashed and any
// dataset change during the run recorded as a warning. Full manifests live beside run.json.
import { join } from 'node:path';
import { type SnapshotLimits } from '../config/types';
import { type CodeLink, captureCode } from '../git/capture';
import { HashCache } from '../data/cache';
import { cacheManifests } from '../data/cacheOps';
import { enforceCacheCap } from '../data/cacheCap';
import { hashDatasets, verifyUnchanged, type DataBaseline } from '../data/hash';
import { type DatasetManifest, type HashProgress } from '../data/types';
import { parseSpec } from '../data/spec';
import { type DatasetSummary, type RunDataLinks } from '../model';
import { writeFileAtomic } from '../fs/atomic';
import { errorMessage } from '../errors';

/** Files in the run directory holding the full per-file manifests and the full code record. */
export const LINK_FILES = { datasets: 'datasets.json', outputs: 'outputs.json', code: 'code.json', patch: 'code.patch' } as const;

/** How many changed/untracked paths run.json keeps; code.json has them all. */
export const MAX_PATHS_IN_MANIFEST = 100;

/** What a run declares and how to treat it. */
export interface DataRequest {
  /** Root the dataset and output paths are relative to (the folder of runlens.yaml). */
  readonly root: string;
  /** The store directory, where the hash cache lives. */
  readonly storeRoot: string;
  readonly datasets: readonly string[];
  readonly outputs: readonly string[];
  /** Datasets whose files go into the store's data cache once hashed (`cache: true`). */
  readonly cached?: readonly string[];
  /** The data cache's cap in bytes, applied after new files were stored (default 20 GiB; 0: none). */
  readonly cacheMaxBytes?: number;
  /** False skips hashing (setting `runlens.hashing.enabled`, `runlens run --no-hash`). */
  readonly hashing: boolean;
  /** A declared dataset that does not exist: stop before running (default) or warn. */
  readonly missingData: 'error' | 'warn';
  readonly onProgress?: (what: 'datasets' | 'outputs', p: HashProgress) => void;
  readonly signal?: AbortSignal;
}

/** The datasets as hashed before the run, and what is needed to finish the links at the end. */
export interface InputLinks {
  readonly manifests: DatasetManifest[];
  readonly baseline: DataBaseline | null;
  readonly warnings: string[];
}

/** The summary of a manifest kept in run.json (counts instead of file lists). */
export function summarize(m: DatasetManifest): DatasetSummary {
  return { spec: m.spec, hash: m.hash, files: m.files.length, bytes: m.bytes, errors: m.errors.length, skipped: m.skipped.length, missing: m.missing };
}

/**
 * Hashes the declared datasets. Throws DatasetMissingError (when `missingData` is 'error') or
 * DatasetSpecError (a dataset or output outside the workspace, even with hashing off) before any
 * run exists, so nothing is started on data that is not there.
 */
export async function hashInputs(req: DataRequest): Promise<InputLinks> {
  // Outputs are hashed only at the end: one outside the workspace is refused now, not warned about then.
  for (const spec of req.outputs) parseSpec(req.root, spec, 'Output');
  if (!req.hashing || req.datasets.length === 0) return { manifests: [], baseline: null, warnings: [] };
  const cache = await HashCache.open(req.storeRoot);
  const result = await hashDatasets(req.root, req.datasets, {
    cache, signal: req.signal, missing: req.missingData, onProgress: (p) => req.onProgress?.('datasets', p),
  });
  await cache.save();
  // Noted in datasets.json, so a teammate's `cache pull` asks the data remote only for what it can hold.
  const manifests = result.manifests.map((m) => ({ ...m, cached: req.cached?.includes(m.spec) === true && !m.missing }));
  const cacheWarnings = await fillDataCache(req, manifests);
  const warnings = manifests.flatMap((m) => [
    ...(m.missing ? [`dataset "${m.spec}" does not exist; the run went ahead without it`] : []),
    ...(m.errors.length > 0 ? [`dataset "${m.spec}": ${m.errors.length} file(s) could not be read, e.g. ${m.errors[0]?.path}: ${m.errors[0]?.message}`] : []),
  ]).concat(cacheWarnings);
  return { manifests, baseline: result.baseline, warnings };
}

/** Copies the `cache: true` datasets into the data cache; a failure is a warning, never a stopped run. */
async function fillDataCache(req: DataRequest, manifests: readonly DatasetManifest[]): Promise<string[]> {
  const cached = manifests.filter((m) => req.cached?.includes(m.spec) && !m.missing);
  if (cached.length === 0) return [];
  try {
    const r = await cacheManifests(req.storeRoot, req.root, cached);
    // This run's files were just used, so they are the most recent and go last.
    if (r.stored > 0) await enforceCacheCap(req.storeRoot, req.cacheMaxBytes);
    return r.changed.length > 0 ? [`data cache: ${r.changed.length} file(s) changed while being cached and were left out, e.g. ${r.changed[0]}`] : [];
  } catch (e) {
    return [`could not copy the datasets into the data cache: ${(e as Error).message}`];
  }
}

/** The data links recorded when the run starts (outputs are added when it ends). */
export function startLinks(req: DataRequest, inputs: InputLinks): RunDataLinks {
  return { hashing: req.hashing, datasets: inputs.manifests.map(summarize), outputs: [], warnings: [...inputs.warnings] };
}

/** Writes the full dataset manifests beside run.json. */
export async function saveInputManifests(runDir: string, inputs: InputLinks): Promise<void> {
  if (inputs.manifests.length > 0) await writeFileAtomic(join(runDir, LINK_FILES.datasets), JSON.stringify(inputs.manifests));
}

/**
 * Takes the git snapshot of the run's code within `limits` (never throws; failures are in its status) and writes
 * the full record to code.json; returns the copy for run.json with long path lists cut.
 */
export async function captureRunCode(cwd: string, runId: string, runDir: string, limits: SnapshotLimits = {}): Promise<CodeLink> {
  const captured = await captureCode(cwd, runId, { patchPath: join(runDir, LINK_FILES.patch), ...limits });
  // Recorded relative to the run's directory, so a store that is moved or copied stays whole.
  const link: CodeLink = { ...captured, ...(captured.patchFile !== undefined ? { patchFile: LINK_FILES.patch } : {}) };
  await writeFileAtomic(join(runDir, LINK_FILES.code), JSON.stringify(link));
  const cut = (paths: string[]): string[] => paths.slice(0, MAX_PATHS_IN_MANIFEST);
  return {
    ...link,
    changed: cut(link.changed),
    untracked: cut(link.untracked),
    ...(link.changed.length > MAX_PATHS_IN_MANIFEST || link.untracked.length > MAX_PATHS_IN_MANIFEST
      ? { warnings: [...link.warnings, `only the first ${MAX_PATHS_IN_MANIFEST} changed and untracked paths are listed here; ${LINK_FILES.code} has all`] }
      : {}),
  };
}

/** Records a code link taken elsewhere (a Slurm submission's snapshot) as this run's, in code.json and run.json. */
export async function recordCodeLink(runDir: string, code: CodeLink): Promise<CodeLink> {
  // A submission's snapshot is taken without a patch file (its runs share the snapshot commit instead).
  await writeFileAtomic(join(runDir, LINK_FILES.code), JSON.stringify(code));
  return { ...code, changed: code.changed.slice(0, MAX_PATHS_IN_MANIFEST), untracked: code.untracked.slice(0, MAX_PATHS_IN_MANIFEST) };
}

/**
 * At the end of a run: hashes the outputs (those that exist; a missing output is a warning) and
 * records datasets that changed while the run ran. Never throws: problems become warnings.
 */
export async function finishLinks(req: DataRequest, runDir: string, start: RunDataLinks, inputs: InputLinks): Promise<RunDataLinks> {
  if (!req.hashing) return start;
  const warnings = [...start.warnings];
  if (inputs.baseline) {
    try {
      const changes = await verifyUnchanged(inputs.baseline, req.signal);
      if (changes.length > 0) {
        const sample = changes.slice(0, 5).map((c) => `${c.path} (${c.change})`).join(', ');
        warnings.push(`dataset changed while the run was running: ${changes.length} file(s), e.g. ${sample}`);
      }
    } catch (e) {
      warnings.push(`could not check whether the datasets changed during the run: ${errorMessage(e)}`);
    }
  }
  let outputs: DatasetManifest[] = [];
  if (req.outputs.length > 0) {
    try {
      const cache = await HashCache.open(req.storeRoot);
      const result = await hashDatasets(req.root, req.outputs, {
        cache, signal: req.signal, missing: 'warn', onProgress: (p) => req.onProgress?.('outputs', p),
      });
      await cache.save();
      outputs = result.manifests;
      for (const m of outputs) {
        if (m.missing) warnings.push(`output "${m.spec}" was not written by the run`);
        // An unreadable file is not in the output's hash: the run must say so, not only count it.
        if (m.errors.length > 0) warnings.push(`output "${m.spec}": ${m.errors.length} file(s) could not be hashed, e.g. ${m.errors[0]?.path}: ${m.errors[0]?.message}`);
      }
      await writeFileAtomic(join(runDir, LINK_FILES.outputs), JSON.stringify(outputs));
    } catch (e) {
      warnings.push(`could not hash the outputs: ${errorMessage(e)}`);
    }
  }
  return { ...start, outputs: outputs.map(summarize), warnings };
}
