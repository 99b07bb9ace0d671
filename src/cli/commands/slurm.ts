// `runlens slurm status`: one look at Slurm (a single squeue for every active submission of the
// store), the runs Slurm ended recorded, and each queued or running task listed with its job id,
// state and reason (PENDING) or node (RUNNING).
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';
import { paint, printJson } from '../output';
import { errorMessage } from '../../core/errors';
import { reconcile } from '../../core/slurm/reconcile';
import { slurmCommands, SlurmCommandError, SlurmMissingError } from '../../core/slurm/commands';
import { EXECUTOR_OPTIONS } from '../slurmSubmit';
import { requeue, rerunFailed } from './slurmAgain';

async function status(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const o = ctx.output;
  const store = ctx.store();
  let result;
  try {
    result = await reconcile(store, slurmCommands(), (m) => o.err(paint(o, 'yellow', `runlens: warning: ${m}`)));
  } catch (e) {
    if (e instanceof SlurmMissingError || e instanceof SlurmCommandError) throw new CliError(e.message, ExitCode.failure, 'see docs/slurm.md (troubleshooting)');
    throw e;
  }
  if (optFlag(args, 'json')) {
    printJson(o, { polled: result.polled, active: result.active, settled: result.settled, tasks: result.snapshot.tasks });
    return 0;
  }
  for (const id of result.settled) {
    const m = await store.getRun(id).catch((e: unknown) => { o.err(`runlens: warning: ${errorMessage(e)}`); return undefined; });
    if (m) o.out(`${m.name} (${m.id}) ${m.status}: ${m.error ?? ''}`);
  }
  const rows = Object.entries(result.snapshot.tasks);
  if (!result.polled) o.err(paint(o, 'dim', 'runlens: no Slurm job of this store is active'));
  for (const [runId, t] of rows) {
    const detail = t.state === 'PENDING' ? (t.reason ?? '') : (t.node ?? t.reason ?? '');
    o.out(`${runId}\t${t.job}\t${t.state}${detail ? `\t${detail}` : ''}`);
  }
  if (result.polled) o.err(paint(o, 'dim', `runlens: ${result.active} task${result.active === 1 ? '' : 's'} queued or running`));
  return 0;
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const [sub, ...rest] = args.positionals;
  if (sub === 'requeue') return requeue(ctx, args, rest);
  if (sub === 'rerun-failed' && rest.length <= 1) return rerunFailed(ctx, args, rest[0]);
  if (sub !== 'status' || rest.length > 0) throw new UsageError('slurm takes a subcommand: status, requeue RUN..., rerun-failed SUBMISSION|RUN', 'slurm --help');
  return status(ctx, args);
}

/** The `slurm` command. */
export const slurmCommand: Command = {
  name: 'slurm',
  summary: 'show the Slurm jobs of this store\'s runs and record the ones Slurm ended; requeue or rerun them',
  usage: 'slurm status [--json] | slurm requeue RUN... [--any] [--slurm-time T] | slurm rerun-failed SUBMISSION|RUN',
  description: [
    'Asks Slurm once (one squeue for all jobs) about the runs submitted with --on slurm: lists each queued or',
    'running task (run id, job id, state, and the reason it waits or the node it runs on), and records the end',
    'of runs Slurm ended itself (TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, CANCELLED) or that left the queue unrecorded.',
    'requeue: puts runs Slurm ended by preemption, time limit or node failure (--any: any unfinished end) back',
    'into the queue as themselves (same id, what they recorded kept, the new attempt counted); --slurm-* options',
    'replace the submission\'s for the new attempt (e.g. a longer --slurm-time).',
    'rerun-failed: submits the points of a Slurm sweep that did not finish again, as new runs with the same params.',
  ].join('\n'),
  options: [JSON_OPTION, { name: 'any', type: 'boolean', help: 'requeue: also runs that failed or were stopped for other reasons' }, ...EXECUTOR_OPTIONS],
  examples: ['runlens slurm status', 'runlens slurm requeue calm-river-3 --slurm-time 04:00:00', 'runlens slurm rerun-failed calm-river-3'],
  run,
};
