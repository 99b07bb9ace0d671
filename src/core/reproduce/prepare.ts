// Prepares a reproduction of a recorded run: a worktree at its code snapshot, its datasets verified
// and restored inside it, and the plan (same command, params and env, cwd in the worktree) for the
// supervisor, whose run is recorded in the original workspace's store.
import { existsSync, promises as fsp } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { expandOutputs } from '../config/command';
import { type ExperimentConfig, type LoadedConfig, type ToleranceConfig } from '../config/types';
import { type DatasetManifest } from '../data/types';
import { type CodeLink } from '../git/capture';
import { type Deviation, type RunManifest } from '../model';
import { declaredParams } from '../params/logged';
import { LINK_FILES } from '../runner/links';
import { type RunPlan } from '../runner/plan';
import { describeUnavailable, provideData, type DataInput, type DataOutcome, type DataPolicy, type UnavailableDataset } from './data';
import { EXACT } from './verdict';
import { sweepLeftoverWorktrees } from './leftovers';
import { addWorktree, codeCommitOf, CodeUnavailableError, defaultWorktreeRoot, inWorktree, removeWorktree, repoTopOf, type Worktree } from './worktree';

/** What {@link prepareReproduction} needs. */
export interface ReproduceRequest {
  readonly storeRoot: string;
  /** The user's workspace (where runlens.yaml and the store are). */
  readonly workspace: string;
  readonly original: RunManifest;
  /** The original's run directory (for datasets.json and code.json). */
  readonly originalDir: string;
  /** Parent folder of worktrees (default: `<store>/worktrees`). */
  readonly worktreeRoot?: string;
  readonly policy: DataPolicy;
  readonly signal?: AbortSignal;
  /** The data remote, to fetch what no local source holds (see DataInput.remote). */
  readonly remote?: DataInput['remote'];
}

/** A reproduction ready to be supervised. */
export interface Reproduction {
  readonly worktree: Worktree;
  readonly plan: RunPlan;
  readonly tolerance: ToleranceConfig;
  readonly data: DataOutcome;
  readonly deviations: Deviation[];
  /** Worktrees of earlier, killed reproductions that were removed first. */
  readonly swept: readonly string[];
}

/** The recorded data version is gone: the user must choose (cancel, or `--data current`). */
export class DataChoiceError extends Error {
  constructor(readonly unavailable: readonly UnavailableDataset[]) {
    super(`the data this run read is no longer available: ${unavailable.map(describeUnavailable).join('; ')}`);
    this.name = 'DataChoiceError';
  }
}

async function readJson<T>(path: string): Promise<T | undefined> {
  return fsp.readFile(path, 'utf8').then((t) => JSON.parse(t) as T, () => undefined);
}

async function loadConfigAt(dir: string): Promise<LoadedConfig | undefined> {
  const { loadConfig } = await import('../config/config.js');
  return loadConfig(dir).catch(() => undefined); // the snapshot's config may be missing or broken: the caller falls back to the run's record
}

/** Absolute paths into the repository that exist in the worktree point there instead (e.g. a data path param). */
function mapArgv(argv: readonly string[], wt: Worktree): string[] {
  return argv.map((a) => {
    if (a !== wt.repoTop && !a.startsWith(wt.repoTop + sep)) return a;
    const mapped = inWorktree(wt, a);
    return existsSync(mapped) ? mapped : a;
  });
}

/**
 * Checks the run's code out in a new worktree and provides its data there. Throws
 * CodeUnavailableError when the code cannot be checked out and DataChoiceError (worktree removed)
 * when a dataset's recorded version is gone and `policy` is `restore`.
 */
export async function prepareReproduction(req: ReproduceRequest): Promise<Reproduction> {
  const run = req.original;
  const workspace = await fsp.realpath(req.workspace);
  const repoTop = await repoTopOf(workspace);
  const code = (await readJson<CodeLink>(join(req.originalDir, LINK_FILES.code))) ?? run.code;
  const { commit, deviations } = await codeCommitOf(repoTop, run.id, code);
  const swept = await sweepLeftoverWorktrees(repoTop);
  const worktree = await addWorktree(repoTop, commit, req.worktreeRoot ?? defaultWorktreeRoot(req.storeRoot), run.id);
  try {
    const root = inWorktree(worktree, workspace);
    const cwdReal = await fsp.realpath(run.cwd).catch(() => resolve(run.cwd)); // the run's folder may be gone from disk: its recorded path is mapped as is
    const cwd = inWorktree(worktree, cwdReal);
    // How the output is read and what is declared come from the run's own config (the snapshot's);
    // the tolerance from today's, so it can be set after the fact.
    const snapConfig = await loadConfigAt(root);
    const nowConfig = await loadConfigAt(workspace);
    const exp = run.experiment === null ? undefined : snapConfig?.experiments.get(run.experiment) ?? nowConfig?.experiments.get(run.experiment);
    const tolerance = (run.experiment === null ? undefined : nowConfig?.experiments.get(run.experiment)?.reproduce?.tolerance)
      ?? exp?.reproduce?.tolerance ?? EXACT;

    const recorded = run.data?.datasets ?? [];
    const full = (await readJson<DatasetManifest[]>(join(req.originalDir, LINK_FILES.datasets))) ?? [];
    const manifests = recorded.map((d, i) => full[i]?.hash === d.hash && full[i]?.spec === d.spec ? full[i] : undefined);
    if (manifests.some((m) => m === undefined)) {
      throw new CodeUnavailableError(`the run's dataset manifests (${LINK_FILES.datasets}) are missing or do not match run.json, so its data cannot be verified`);
    }
    const specs = recorded.length > 0 ? recorded.map((d) => d.spec) : (exp?.datasets.map((d) => d.path) ?? []);
    const data = await provideData({
      storeRoot: req.storeRoot, workspaceRoot: workspace, worktreeRoot: root, manifests: manifests as DatasetManifest[],
      unhashed: recorded.length > 0 ? [] : specs, policy: req.policy, signal: req.signal, ...(req.remote ? { remote: req.remote } : {}),
    });
    if (data.unavailable.length > 0) throw new DataChoiceError(data.unavailable);
    // The outputs the run recorded (already expanded), else the experiment's, expanded with the run's params.
    const outputs = (run.data?.outputs.length ?? 0) > 0 ? (run.data?.outputs ?? []).map((o) => o.spec) : expandedOutputs(exp, run);
    const plan: RunPlan = {
      experiment: run.experiment, argv: mapArgv(run.command, worktree), shell: run.shell, cwd, params: declaredParams(run),
      env: { ...run.env }, metricPatterns: exp?.metrics.patterns ?? [], root, datasets: specs, outputs,
      ...(nowConfig?.systemMetrics ? { systemMetrics: nowConfig.systemMetrics } : {}),
    };
    return { worktree, plan, tolerance, data, deviations: [...deviations, ...data.deviations], swept };
  } catch (e) {
    await removeWorktree(worktree);
    throw e;
  }
}

/** The experiment's outputs with the run's own params; unexpanded when a placeholder names no param. */
function expandedOutputs(exp: ExperimentConfig | undefined, run: RunManifest): string[] {
  if (!exp) return [];
  try {
    return expandOutputs(exp, declaredParams(run));
  } catch {
    return [...exp.outputs]; // the config changed since the run; hashing reports the literal path
  }
}
