// Run manifests (`run.json`): building a new one, validating one read from disk (a hand-edited or
// corrupt file must never break a listing), and writing one atomically.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { RUN_STATUSES, type Deviation, type ParamValue, type RunManifest, type RunStatus, type SlurmTaskRef } from '../model';
import { encodeMetricValue, toMetricValue } from '../metrics/record';
import { NODE_STORE_IO, type StoreIo } from './io';
import { RUN_FILES, STORE_FORMAT_VERSION } from './layout';

/** What a caller supplies to create a run (see RunStore.createRun). */
export interface NewRun {
  readonly experiment: string | null;
  readonly command: readonly string[];
  readonly shell: boolean;
  readonly cwd: string;
  readonly params: Record<string, ParamValue>;
  readonly env: Record<string, string>;
  /** A user-chosen name; generated (adjective-noun-N) when absent. */
  readonly name?: string;
  readonly tags?: string[];
  readonly reproducedFrom?: string | null;
  /** Names the run `<prefix> 1`, `<prefix> 2`, ... (the first one free) when no name is given. */
  readonly namePrefix?: string;
  /** Only for reproductions; written only when non-empty, so other manifests keep their shape. */
  readonly deviations?: readonly Deviation[];
  readonly status?: 'queued' | 'running';
  /** A run submitted to Slurm: its submission and task (started later by the job, not by this process). */
  readonly slurm?: SlurmTaskRef;
}

/** A run.json that cannot be used; the message says why, for the listing's warning. */
export class ManifestError extends Error {
  constructor(readonly runId: string, message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}


/** The first manifest of a new run. */
export function newManifest(init: NewRun, id: string, name: string, now: Date): RunManifest {
  return {
    format: STORE_FORMAT_VERSION, id, name, experiment: init.experiment, command: [...init.command], shell: init.shell,
    cwd: init.cwd, params: { ...init.params }, env: { ...init.env }, status: init.status ?? 'queued',
    createdAt: now.toISOString(), startedAt: null, endedAt: null, exitCode: null, signal: null, error: null,
    process: null, versions: {}, metrics: {}, badMetricLines: 0, tags: [...(init.tags ?? [])], starred: false,
    note: '', code: null, data: null, reproducedFrom: init.reproducedFrom ?? null,
    ...(init.deviations && init.deviations.length > 0 ? { deviations: [...init.deviations] } : {}),
    ...(init.slurm ? { slurm: { ...init.slurm } } : {}),
  };
}

/**
 * Checks that `raw` (parsed run.json of directory `dirId`) is a manifest this code can use.
 * Throws ManifestError otherwise; fields added by later compatible versions are kept as they are.
 */
export function parseManifest(raw: unknown, dirId: string): RunManifest {
  const fail = (why: string): never => { throw new ManifestError(dirId, `run ${dirId}: run.json ${why}`); };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('is not a JSON object');
  const m = raw as Record<string, unknown>;
  if (typeof m.format !== 'number') return fail('has no format version');
  if (m.format > STORE_FORMAT_VERSION) return fail(`uses store format ${m.format}; update Runlens to read it`);
  if (m.id !== dirId) return fail(`has id ${JSON.stringify(m.id)}, not its directory name`);
  if (typeof m.name !== 'string') return fail('has no name');
  if (!RUN_STATUSES.includes(m.status as RunStatus)) return fail(`has an unknown status ${JSON.stringify(m.status)}`);
  if (!Array.isArray(m.command) || !m.command.every((a) => typeof a === 'string')) return fail('has no command argv');
  if (typeof m.createdAt !== 'string') return fail('has no createdAt');
  const obj = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!obj(m.metrics) || !obj(m.params)) return fail('has malformed metrics or params');
  // Optional fields a hand edit may have dropped get their neutral value instead of failing.
  if (!Array.isArray(m.tags)) m.tags = [];
  m.starred = m.starred === true;
  if (typeof m.note !== 'string') m.note = '';
  if (typeof m.badMetricLines !== 'number') m.badMetricLines = 0;
  if (m.verdict !== undefined && m.verdict !== 'reproduced' && m.verdict !== 'diverged') delete m.verdict;
  if (m.loggedParams !== undefined && !(Array.isArray(m.loggedParams) && m.loggedParams.every((n) => typeof n === 'string'))) delete m.loggedParams;
  // Non-finite `last` values are stored as "NaN"/"Infinity"/"-Infinity" (JSON has no such numbers).
  for (const summary of Object.values(m.metrics as Record<string, Record<string, unknown>>)) {
    if (typeof summary === 'object' && summary !== null && typeof summary.last === 'string') {
      summary.last = toMetricValue(summary.last) ?? NaN;
    }
  }
  return m as unknown as RunManifest;
}

/** Reads and validates `<runDir>/run.json`; undefined when the file does not exist. */
export async function readManifest(runDir: string, id: string): Promise<RunManifest | undefined> {
  let text: string;
  try {
    text = await fsp.readFile(join(runDir, RUN_FILES.manifest), 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ManifestError(id, `run ${id}: run.json is not valid JSON (${(e as Error).message})`);
  }
  return parseManifest(raw, id);
}

/** Serialises and atomically replaces `<runDir>/run.json` (temp, fsync, rename, dir fsync). */
export async function writeManifest(runDir: string, manifest: RunManifest, io: Pick<StoreIo, 'replaceFile'> = NODE_STORE_IO): Promise<void> {
  await io.replaceFile(join(runDir, RUN_FILES.manifest), `${JSON.stringify(manifest, nonFiniteReplacer, 2)}\n`);
}

/** JSON.stringify replacer keeping NaN and ±Infinity as strings instead of JSON's lossy `null`. */
export function nonFiniteReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? encodeMetricValue(value) : value;
}
