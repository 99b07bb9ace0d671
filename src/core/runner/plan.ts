// Turns what a user asked to run (a named experiment with `-p` overrides, or a raw command) into
// exactly what the supervisor spawns: argv, shell flag, cwd, typed params, env and metric patterns.
import { dirname, resolve } from 'node:path';
import { type ParamValue } from '../model';
import { type MetricPattern } from '../metrics/patterns';
import { type ConfigProblem, type ExperimentConfig, type SnapshotLimits } from '../config/types';
import { readConfigFile } from '../config/configFile';
import { type SystemMetricsSetting } from '../metrics/system';
import { paramsFromArgv } from './rawParams';
import { setOwn } from '../dict';
import { type ProfileSetting } from '../config/monitors';
import { type CodeLink } from '../git/capture';

/** What the supervisor needs to start a run. */
export interface RunPlan {
  readonly experiment: string | null;
  readonly argv: string[];
  readonly shell: boolean;
  readonly cwd: string;
  readonly params: Record<string, ParamValue>;
  readonly env: Record<string, string>;
  readonly metricPatterns: MetricPattern[];
  /** Folder the dataset and output paths are relative to (that of runlens.yaml). */
  readonly root: string;
  /** Datasets and outputs as declared (paths or globs). */
  readonly datasets: string[];
  readonly outputs: string[];
  /** Datasets declared with `cache: true`: their files are copied into the store's data cache. */
  readonly cachedDatasets?: string[];
  /** runlens.yaml's `snapshot:` limits (they apply to raw commands in its workspace too). */
  readonly snapshot?: SnapshotLimits;
  /** runlens.yaml's `systemMetrics:` (applies to raw commands in its workspace too). */
  readonly systemMetrics?: SystemMetricsSetting;
  /** runlens.yaml's `profile:` (profiling of the datasets at run start; defaults when absent). */
  readonly profile?: ProfileSetting;
  /** runlens.yaml's `dataCache.maxSize` in bytes (the default cap applies when absent). */
  readonly dataCacheMaxBytes?: number;
  /** The code link to record instead of snapshotting `cwd` (a Slurm task runs the submission's snapshot). */
  readonly codeLink?: CodeLink;
  /** Dataset spec -> hash when the run was submitted: a dataset hashing differently now is a warning. */
  readonly expectedData?: Readonly<Record<string, string>>;
}

/** What the user asked for. Exactly one of `experiment` and `command` is set. */
export interface RunRequest {
  readonly workspace: string;
  /** Where a raw command runs (the user's current directory). */
  readonly cwd: string;
  readonly experiment?: string;
  /** `-p name=value` assignments, in order; later ones win. */
  readonly assignments: readonly string[];
  readonly command?: readonly string[];
}

/** Why a request cannot be planned; `kind` decides the CLI's exit code. */
export class PlanError extends Error {
  constructor(
    message: string,
    readonly kind: 'usage' | 'not-found' | 'config',
    readonly hint?: string,
    /** Config problems, and the same as `file:line:col: severity: message` lines to print. */
    readonly problems: readonly ConfigProblem[] = [],
    readonly problemLines: readonly string[] = [],
  ) {
    super(message);
    this.name = 'PlanError';
  }
}

/**
 * The `snapshot:` limits and `systemMetrics:` of the workspace's runlens.yaml for a raw command. The
 * parser (some 40 ms) is loaded only when the file mentions either at all, so other workspaces pay one file read; a
 * broken config gives the defaults (a raw command does not depend on the config being valid).
 */
async function workspaceSettings(workspace: string): Promise<Pick<RunPlan, 'snapshot' | 'systemMetrics'>> {
  const found = await readConfigFile(workspace).catch(() => undefined); // no config file (or an unreadable one): a raw command runs with the defaults
  if (!found || !/snapshot|systemMetrics/.test(found.text)) return {};
  const { parseConfig } = await import('../config/config.js');
  const { snapshot, systemMetrics } = parseConfig(found.text, found.file);
  return { ...(snapshot ? { snapshot } : {}), ...(systemMetrics ? { systemMetrics } : {}) };
}

/** Plans a run; throws PlanError with a user-facing message for anything wrong. */
export async function planRun(req: RunRequest): Promise<RunPlan> {
  if (req.command !== undefined) {
    if (req.command.length === 0) throw new PlanError('no command after "--"', 'usage', 'example: runlens run -- python train.py --lr 0.01');
    if (req.assignments.length > 0) {
      throw new PlanError('-p sets the params of a runlens.yaml experiment; a raw command takes them as its own arguments',
        'usage', 'example: runlens run -- python train.py --lr 0.01 (recorded as param lr=0.01)');
    }
    const argv = [...req.command];
    return {
      experiment: null, argv, shell: false, cwd: req.cwd, params: paramsFromArgv(argv), env: {}, metricPatterns: [],
      root: req.workspace, datasets: [], outputs: [], ...(await workspaceSettings(req.workspace)),
    };
  }
  return (await experimentPlanner(req))(req.assignments);
}

/**
 * Plans runs of the request's experiment with runlens.yaml read and checked once: the returned
 * function plans one run per list of `-p` assignments (a sweep's points, thousands at once).
 * Throws PlanError as {@link planRun} does.
 */
export async function experimentPlanner(req: Omit<RunRequest, 'assignments' | 'command'>): Promise<(assignments: readonly string[]) => RunPlan> {
  const name = req.experiment;
  if (name === undefined) {
    throw new PlanError('nothing to run: name an experiment from runlens.yaml, or give a command after "--"', 'usage',
      'examples: runlens run train -p lr=0.01    runlens run -- python train.py');
  }
  // Loaded on demand: the YAML parser and schema validator cost startup time a raw command never needs.
  const { expandCommand, expandOutputs, formatProblem, loadConfig, parseParamAssignment } = await import('../config/config.js');
  const config = await loadConfig(req.workspace);
  if (!config) {
    throw new PlanError(`no runlens.yaml in ${req.workspace}, so there is no experiment "${name}"`, 'not-found',
      `create runlens.yaml, or run a command directly: runlens run -- python train.py`);
  }
  const exp = config.experiments.get(name);
  if (!exp) {
    const errors = config.problems.filter((p) => p.severity === 'error');
    if (errors.length > 0) {
      throw new PlanError(`${config.file} has ${errors.length} error${errors.length === 1 ? '' : 's'}; experiment "${name}" cannot run`,
        'config', 'fix the problems listed above and run again', errors, errors.map((p) => formatProblem(p)));
    }
    const known = [...config.experiments.keys()];
    throw new PlanError(`no experiment "${name}" in ${config.file}`, 'not-found',
      known.length > 0 ? `experiments: ${known.join(', ')}` : 'the file declares no experiments');
  }
  const root = dirname(config.file);
  return (assignments) => {
    const params = overrideParams(exp, assignments, parseParamAssignment);
    let command;
    let outputs;
    try {
      command = expandCommand(exp, params);
      outputs = expandOutputs(exp, params);
    } catch (e) {
      throw new PlanError(`experiment "${name}": ${(e as Error).message}`, 'config', `fix the command or outputs in ${config.file}`);
    }
    return {
      experiment: name,
      argv: command.argv,
      shell: command.shell,
      cwd: exp.cwd ? resolve(root, exp.cwd) : root,
      params,
      env: { ...exp.env },
      metricPatterns: exp.metrics.patterns,
      root,
      datasets: exp.datasets.map((d) => d.path),
      outputs,
      ...(exp.datasets.some((d) => d.cache) ? { cachedDatasets: exp.datasets.filter((d) => d.cache).map((d) => d.path) } : {}),
      ...(config.snapshot ? { snapshot: config.snapshot } : {}),
      ...(config.systemMetrics ? { systemMetrics: config.systemMetrics } : {}),
      ...(config.profile ? { profile: config.profile } : {}),
      ...(config.dataCacheMaxBytes !== undefined ? { dataCacheMaxBytes: config.dataCacheMaxBytes } : {}),
    };
  };
}

/** Defaults overridden by `-p`; a name the experiment does not declare is an error. */
function overrideParams(
  exp: ExperimentConfig,
  assignments: readonly string[],
  parseParamAssignment: (s: string, defaults: Readonly<Record<string, ParamValue>>) => [string, ParamValue],
): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = { ...exp.params };
  for (const a of assignments) {
    let entry: [string, ParamValue];
    try {
      entry = parseParamAssignment(a, exp.params);
    } catch (e) {
      throw new PlanError(`-p ${a}: ${(e as Error).message}`, 'usage');
    }
    const [key, value] = entry;
    if (!Object.prototype.hasOwnProperty.call(exp.params, key)) {
      const known = Object.keys(exp.params);
      throw new PlanError(`unknown param "${key}" for experiment "${exp.name}"`, 'usage',
        known.length > 0 ? `its params: ${known.join(', ')} (declare new ones under params: in runlens.yaml)` : 'it declares no params; add them under params: in runlens.yaml');
    }
    setOwn(params, key, value);
  }
  return params;
}
