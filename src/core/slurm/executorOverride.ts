// The executor a user types as an override in the editor's run input (`local`, or
// `slurm: { partition: gpu, time: "02:00:00", gpus: 1 }`): read as YAML, checked by the same JSON
// Schema as `executor:` in runlens.yaml, and handed to the CLI as `--on` / `--slurm-*` arguments.
import { parse } from 'yaml';
import { validateAgainstSchema } from '../config/schema-validate';
import { errorMessage } from '../errors';
import { type Executor, type SlurmOptions, toExecutor } from './options';

/** `executor` as the override text the input shows (and {@link parseExecutorOverride} reads back). */
export function formatExecutor(executor: Executor): string {
  if (executor.kind === 'local') return 'local';
  const o = executor.slurm;
  const parts: string[] = [];
  const str = (k: string, v: string | undefined): void => { if (v !== undefined) parts.push(`${k}: ${JSON.stringify(v)}`); };
  str('partition', o.partition);
  str('time', o.time);
  if (o.gpus !== undefined) parts.push(`gpus: ${o.gpus}`);
  if (o.cpus !== undefined) parts.push(`cpus: ${o.cpus}`);
  str('mem', o.mem);
  str('account', o.account);
  if (o.extra && o.extra.length > 0) parts.push(`extra: [${o.extra.map((e) => JSON.stringify(e)).join(', ')}]`);
  return `slurm: { ${parts.join(', ')} }`;
}

/**
 * Reads an override: the executor, or the message saying what is wrong (in the words the language
 * server uses for `executor:` in runlens.yaml, since the same schema checks it).
 */
export function parseExecutorOverride(text: string): Executor | string {
  let value: unknown;
  try {
    value = parse(text.trim() === '' ? 'local' : text);
  } catch (e) {
    return `not YAML: ${errorMessage(e).split('\n')[0] ?? ''}`;
  }
  // Checked in place, as the executor of an experiment, so the schema's own rules and words apply.
  const issues = validateAgainstSchema({ experiments: { run: { command: 'x', executor: value } } });
  // Of oneOf's two branches, the deepest complaint is the one about what the user wrote.
  const first = [...issues].sort((a, b) => b.path.length - a.path.length)[0];
  if (first) {
    const where = first.path.slice(3).join('.');
    return `${where === '' ? 'the executor' : where}: ${first.message.replace(/^[^:]*executor[^ ]* /, '')}`.replace(/\s+/g, ' ');
  }
  return toExecutor(value);
}

/** The `runlens run|sweep` arguments that select `executor`, replacing what runlens.yaml says. */
export function executorArgs(executor: Executor): string[] {
  if (executor.kind === 'local') return ['--on', 'local'];
  const o: SlurmOptions = executor.slurm;
  const args = ['--on', 'slurm'];
  if (o.partition !== undefined) args.push(`--slurm-partition=${o.partition}`);
  if (o.time !== undefined) args.push(`--slurm-time=${o.time}`);
  if (o.gpus !== undefined) args.push(`--slurm-gpus=${o.gpus}`);
  if (o.cpus !== undefined) args.push(`--slurm-cpus=${o.cpus}`);
  if (o.mem !== undefined) args.push(`--slurm-mem=${o.mem}`);
  if (o.account !== undefined) args.push(`--slurm-account=${o.account}`);
  for (const e of o.extra ?? []) args.push(`--slurm-extra=${e}`);
  return args;
}

/** Words for a title: `local`, `Slurm (partition gpu, time 02:00:00)`. */
export function describeExecutor(executor: Executor): string {
  if (executor.kind === 'local') return 'local';
  const given = Object.entries(executor.slurm).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(' ') : String(v)}`);
  return given.length > 0 ? `Slurm (${given.join(', ')})` : 'Slurm';
}
