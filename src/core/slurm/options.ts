// Where an experiment's runs execute (`executor:` in runlens.yaml, `--on`/`--slurm-*` on the command
// line) and the sbatch arguments that follow from it. Arguments are argv elements, never shell text.

/** sbatch options of an experiment's jobs; each absent one is left to the cluster's defaults. */
export interface SlurmOptions {
  readonly partition?: string;
  readonly time?: string;
  readonly gpus?: number;
  readonly cpus?: number;
  readonly mem?: string;
  readonly account?: string;
  /** Further sbatch options, passed as they are (each one argv element). */
  readonly extra?: readonly string[];
}

/** Where runs execute. */
export type Executor = { readonly kind: 'local' } | { readonly kind: 'slurm'; readonly slurm: SlurmOptions };

/** The default executor. */
export const LOCAL: Executor = { kind: 'local' };

type Raw = Record<string, unknown>;

function asObject(v: unknown): Raw | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : undefined;
}

/** The executor of a schema-valid `executor:` value (absent or anything else: local). */
export function toExecutor(raw: unknown): Executor {
  const o = asObject(asObject(raw)?.slurm);
  if (!o) return LOCAL;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);
  const int = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
  const slurm: { -readonly [K in keyof SlurmOptions]: SlurmOptions[K] } = {};
  const partition = str(o.partition);
  if (partition !== undefined) slurm.partition = partition;
  const time = str(o.time);
  if (time !== undefined) slurm.time = time;
  const gpus = int(o.gpus);
  if (gpus !== undefined) slurm.gpus = gpus;
  const cpus = int(o.cpus);
  if (cpus !== undefined) slurm.cpus = cpus;
  const mem = str(o.mem);
  if (mem !== undefined) slurm.mem = mem;
  const account = str(o.account);
  if (account !== undefined) slurm.account = account;
  if (Array.isArray(o.extra)) slurm.extra = o.extra.map(String);
  return { kind: 'slurm', slurm };
}

/** Command-line overrides: `--on local|slurm` and the `--slurm-*` options (absent: from the config). */
export interface ExecutorOverrides {
  readonly on?: string;
  readonly slurm?: SlurmOptions;
}

/** Why an override is not usable, in words for the user. */
export class ExecutorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecutorError';
  }
}

/**
 * The executor a run uses: the config's, switched by `--on`, with `--slurm-*` options replacing the
 * config's one by one. `--slurm-*` without Slurm (neither `--on slurm` nor a Slurm config) is refused.
 */
export function resolveExecutor(config: Executor, overrides: ExecutorOverrides): Executor {
  const given = overrides.slurm && Object.values(overrides.slurm).some((v) => v !== undefined);
  if (overrides.on !== undefined && overrides.on !== 'local' && overrides.on !== 'slurm') {
    throw new ExecutorError(`--on takes "local" or "slurm", not "${overrides.on}"`);
  }
  const kind = overrides.on ?? config.kind;
  if (kind === 'local') {
    if (given) throw new ExecutorError('--slurm-* options apply to runs on Slurm: add --on slurm, or set executor: { slurm: ... } in runlens.yaml');
    return LOCAL;
  }
  const base = config.kind === 'slurm' ? config.slurm : {};
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overrides.slurm ?? {})) if (v !== undefined) merged[k] = v;
  checkOptions(merged);
  return { kind: 'slurm', slurm: merged };
}

/** The checks of the JSON Schema, for values that came from the command line. */
function checkOptions(o: SlurmOptions): void {
  const word = /^[A-Za-z0-9_.,-]+$/;
  if (o.partition !== undefined && !word.test(o.partition)) throw new ExecutorError(`partition "${o.partition}" is not a partition name`);
  if (o.account !== undefined && !word.test(o.account)) throw new ExecutorError(`account "${o.account}" is not an account name`);
  if (o.time !== undefined && !/^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(o.time)) throw new ExecutorError(`time "${o.time}" is not a Slurm time limit (e.g. 02:00:00, 30 or 1-00:00:00)`);
  if (o.mem !== undefined && !/^\d+[KMGT]?$/.test(o.mem)) throw new ExecutorError(`mem "${o.mem}" is not a memory size (e.g. 16G, 500M)`);
  for (const [k, v] of [['gpus', o.gpus], ['cpus', o.cpus]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < (k === 'cpus' ? 1 : 0))) throw new ExecutorError(`${k} must be a whole number, got ${v}`);
  }
  for (const e of o.extra ?? []) if (!e.startsWith('-')) throw new ExecutorError(`extra sbatch option "${e}" must start with "-"`);
}

/** The sbatch options of `o` as argv elements (`--partition=gpu`, ...), in a fixed order. */
export function sbatchOptionArgs(o: SlurmOptions): string[] {
  const args: string[] = [];
  if (o.partition !== undefined) args.push(`--partition=${o.partition}`);
  if (o.account !== undefined) args.push(`--account=${o.account}`);
  if (o.time !== undefined) args.push(`--time=${o.time}`);
  if (o.cpus !== undefined) args.push(`--cpus-per-task=${o.cpus}`);
  if (o.mem !== undefined) args.push(`--mem=${o.mem}`);
  if (o.gpus !== undefined && o.gpus > 0) args.push(`--gpus=${o.gpus}`);
  args.push(...(o.extra ?? []));
  return args;
}
