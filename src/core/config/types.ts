// The types of a loaded runlens.yaml (experiments, tolerances, problems, snapshot limits), apart
// from the loader so the config modules that only need the shapes do not import the loader back.
import { type ParamValue } from '../model';
import { type MetricPattern } from '../metrics/patterns';
import { type SystemMetricsSetting } from '../metrics/system';
import { type Executor } from '../slurm/options';
import { type MonitorConfig, type ProfileSetting } from './monitors';
import { type RemoteSpec } from '../remote/spec';

/** Files a dataset is made of: a path or glob relative to the config file's folder. */
export interface DatasetSpec {
  readonly path: string;
  /** Keep content-addressed copies in the store's data cache when a run starts (opt-in, default false). */
  readonly cache: boolean;
}

/** How close a reproduced metric must be to the original: |a - b| <= max(abs, rel * max(|a|, |b|)). */
export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

/** `reproduce.tolerance` of an experiment: a default and per-metric overrides (default: exact). */
export interface ToleranceConfig {
  readonly default: Tolerance;
  readonly metrics: Readonly<Record<string, Tolerance>>;
  /** Metrics left out of the verdict (`reproduce.metrics: { epoch_time_s: ignore }`); absent: none. */
  readonly ignored?: readonly string[];
}

/** One named experiment of runlens.yaml, with defaults filled in. */
export interface ExperimentConfig {
  name: string;
  /** A template: a string tokenised like a shell would (quotes respected) or an argv list. */
  command: string | string[];
  shell: boolean;
  params: Record<string, ParamValue>;
  datasets: DatasetSpec[];
  outputs: string[];
  metrics: { primary?: string; goal: 'min' | 'max'; patterns: MetricPattern[] };
  env: Record<string, string>;
  /** Param name -> values to try; one run per combination (see `sweepGrid`). */
  sweep?: Record<string, ParamValue[]>;
  /** Working directory relative to the config file's folder. */
  cwd?: string;
  /** How `runlens reproduce` compares metrics (absent: exact). */
  reproduce?: { tolerance: ToleranceConfig };
  /** Where its runs execute (`executor:`; absent: local). */
  executor?: Executor;
}

/** A problem in a config file; positions are 1-based, end exclusive. */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  severity: 'error' | 'warning';
}

/** A parsed config: the experiments without errors, and every problem found. */
export interface LoadedConfig {
  file: string;
  experiments: Map<string, ExperimentConfig>;
  problems: ConfigProblem[];
  /** The `snapshot:` limits, when the file sets valid ones. */
  snapshot?: SnapshotLimits;
  /** `systemMetrics:`, when the file sets a valid value. */
  systemMetrics?: SystemMetricsSetting;
  /** `monitor:`: the valid monitors, in file order (docs/data-shift.md). */
  monitors?: MonitorConfig[];
  /** `profile:`, when the file sets a valid value (else DEFAULT_PROFILE_SETTING applies). */
  profile?: ProfileSetting;
  /** `remote:`, the data remote, when the file sets a usable one (docs/sharing.md). */
  remote?: RemoteSpec;
  /** Why `remote:` is present but unusable (the first problem under it): sharing refuses to guess. */
  remoteError?: string;
  /** `dataCache.maxSize` in bytes, when the file sets a valid one (else DEFAULT_DATA_CACHE_MAX_BYTES; 0: no cap). */
  dataCacheMaxBytes?: number;
}

/** Limits of a run's code snapshot, in bytes (`snapshot:` in runlens.yaml). */
export interface SnapshotLimits {
  readonly maxFileBytes?: number;
  readonly maxTotalBytes?: number;
}
