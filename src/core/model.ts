// The engine's data model: what a run is, as stored in its manifest and read by every front end.
// Plain serialisable types (no classes) so the CLI, the language server and the extension share
// them, and the store can write them as JSON unchanged.
import { type CodeLink } from './git/capture';

/** Every status a run can have, in lifecycle order: the one list the store, the filter and the CLI use. */
export const RUN_STATUSES = ['queued', 'running', 'finished', 'failed', 'stopped', 'crashed'] as const;

/** Lifecycle of a run. `crashed` is assigned by a reader that finds a dead supervisor. */
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Whether `s` is a run status (for input from users and files). */
export function isRunStatus(s: unknown): s is RunStatus {
  return (RUN_STATUSES as readonly unknown[]).includes(s);
}

/** Statuses after which a run's manifest no longer changes (except user edits: name, tags...). */
export const TERMINAL_STATUSES: readonly RunStatus[] = ['finished', 'failed', 'stopped', 'crashed'];

/**
 * A metric value. Non-finite numbers are kept: NaN, Infinity and -Infinity are valid values and
 * round-trip through the store (as the strings "NaN", "Infinity", "-Infinity" in JSON).
 */
export type MetricValue = number;

/** One logged value of one metric. `step` is null when the writer gave none. */
export interface MetricPoint {
  readonly step: number | null;
  /** Wall-clock time in milliseconds since the Unix epoch. */
  readonly time: number;
  readonly value: MetricValue;
}

/** Running summary of one metric series, kept in the manifest so listing never reads series. */
export interface MetricSummary {
  readonly count: number;
  readonly last: MetricValue;
  readonly lastStep: number | null;
  /** Smallest and largest finite value; null when every value so far was non-finite. */
  readonly min: number | null;
  readonly max: number | null;
  readonly nonFinite: number;
}

/** A param value as given on the command line or in runlens.yaml. */
export type ParamValue = string | number | boolean | null;

/** Where a run's process was, for crash detection (pid liveness only counts on the same host). */
export interface ProcessInfo {
  readonly host: string;
  readonly supervisorPid: number;
  readonly childPid: number | null;
}

/** A dataset or output as run.json records it; the per-file manifest is in datasets.json / outputs.json. */
export interface DatasetSummary {
  /** The path or glob as declared in runlens.yaml. */
  readonly spec: string;
  /** SHA-256 over the sorted per-file manifest (docs/data-hashing.md). */
  readonly hash: string;
  readonly files: number;
  readonly bytes: number;
  /** Files that could not be read, and entries skipped on purpose (special files). */
  readonly errors: number;
  readonly skipped: number;
  /** Declared but absent (only when the run was allowed to go ahead without it). */
  readonly missing: boolean;
}

/** The data a run read and wrote, and what went wrong with it. */
export interface RunDataLinks {
  /** False when the run was started with hashing off. */
  readonly hashing: boolean;
  readonly datasets: readonly DatasetSummary[];
  /** Filled when the run ends. */
  readonly outputs: readonly DatasetSummary[];
  /** E.g. a dataset that changed while the run was running. */
  readonly warnings: readonly string[];
}

/**
 * A way a reproduction knowingly differs from the run it reproduces (e.g. it ran on the current
 * data because the original version was gone), recorded on the new run.
 */
export interface Deviation {
  readonly kind: 'data' | 'code';
  /** The dataset spec or the code aspect it concerns. */
  readonly subject: string;
  /** The original's hash or commit, and what was used instead (null: nothing, or unknown). */
  readonly expected: string | null;
  readonly actual: string | null;
  readonly message: string;
}

/** The run manifest (`run.json`), replaced atomically on every change. */
export interface RunManifest {
  /** Store format version this manifest was written with. */
  readonly format: number;
  readonly id: string;
  name: string;
  readonly experiment: string | null;
  readonly command: readonly string[];
  readonly shell: boolean;
  readonly cwd: string;
  /** Params Runlens passed (declared or `-p`) and, folded in at ingest, those the script logged itself. */
  readonly params: Readonly<Record<string, ParamValue>>;
  /**
   * Names in `params` that only the script logged (`runlens.log_params`); absent when none. A param
   * both declared and logged keeps its declared value and is not listed (src/core/params/logged.ts).
   */
  readonly loggedParams?: readonly string[];
  /** Environment variables chosen by the config (`env:`), not the whole environment. */
  readonly env: Readonly<Record<string, string>>;
  status: RunStatus;
  /** ISO-8601 timestamps. */
  readonly createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  exitCode: number | null;
  signal: string | null;
  /** Why the run failed or crashed, in words a user can act on. */
  error: string | null;
  readonly process: ProcessInfo | null;
  readonly versions: Readonly<Record<string, string>>;
  metrics: Record<string, MetricSummary>;
  /** Metric lines that could not be parsed, by source (stdout, file, regex). */
  badMetricLines: number;
  tags: string[];
  starred: boolean;
  note: string;
  /** The run's code: commit, branch, dirty state and the snapshot commit (docs/code-snapshots.md). */
  code: CodeLink | null;
  /** The run's datasets and outputs with their hashes (docs/data-hashing.md). */
  data: RunDataLinks | null;
  readonly reproducedFrom: string | null;
  /** How a reproduction differs from its original on purpose; absent in runs before reproduce existed. */
  readonly deviations?: readonly Deviation[];
  /**
   * A reproduction's verdict once judged (the details are in its `reproduce.json`), so listings
   * show it without reading another file; absent on other runs and on older reproductions.
   */
  verdict?: ReproduceVerdict;
  /**
   * Set on a run pulled from a teammate through the git remote (src/core/share): who ran it and
   * where it came from. Such a run is read-only here. Absent on the workspace's own runs.
   */
  readonly origin?: RunOrigin;
  /**
   * Set on a run submitted to Slurm: its submission (`.runlens/slurm/submissions/<id>.json`, job ids
   * and array ranges) and its task index there; absent on local runs (docs/slurm.md).
   */
  readonly slurm?: SlurmTaskRef;
}

/** Where a Slurm run's job is recorded: its submission and its index among the submission's tasks. */
export interface SlurmTaskRef {
  readonly submission: string;
  readonly task: number;
  /** Earlier attempts of a run requeued into itself (preempted, over its time limit), oldest first. */
  readonly attempts?: readonly SlurmAttempt[];
}

/** How one earlier attempt of a requeued Slurm run ended (the run's fields as they were then). */
export interface SlurmAttempt {
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly status: RunStatus;
  readonly error: string | null;
}

/** Where a pulled run came from (docs/sharing.md). */
export interface RunOrigin {
  /** The pusher's git identity (`user.name`, `user.email`). */
  readonly author: string;
  readonly email: string;
  /** The host the run ran on. */
  readonly host: string | null;
  /** The remote it was pulled from: the git remote's name, or the URL named on the command line. */
  readonly remote: string;
  /** The record commit materialised here. */
  readonly commit: string;
}

/**
 * What filtering and sorting a listing needs of a run: both a whole {@link RunManifest} and a
 * listing's summary (store/summary.ts) are one, so one filter and one sort serve every front end.
 */
export interface ListedRun {
  readonly id: string;
  readonly name: string;
  readonly experiment: string | null;
  readonly status: RunStatus;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly metrics: Readonly<Record<string, MetricSummary>>;
  readonly tags: readonly string[];
  readonly note: string;
  /** Who ran a pulled run (absent on the workspace's own runs), for the `author:` filter. */
  readonly origin?: { readonly author: string; readonly email: string };
}

/** How a reproduction came out against its original. */
export type ReproduceVerdict = 'reproduced' | 'diverged';
