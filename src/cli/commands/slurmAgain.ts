// `runlens slurm requeue RUN...` and `runlens slurm rerun-failed SWEEP`: second attempts on Slurm.
// Requeue puts runs the scheduler ended (preempted, over their time limit) back into the queue as
// themselves; rerun-failed submits the points of a Slurm sweep that did not finish as new runs,
// planned from runlens.yaml with the params they had, on the submission's Slurm options.
import { optFlag, type ParsedArgs } from '../args';
import { type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';
import { paint } from '../output';
import { formatParamValue } from '../../core/config/params';
import { TERMINAL_STATUSES, type RunManifest } from '../../core/model';
import { declaredParams } from '../../core/params/logged';
import { experimentPlanner, PlanError } from '../../core/runner/plan';
import { slurmCommands, SlurmCommandError, SlurmMissingError } from '../../core/slurm/commands';
import { readSubmission, submissionFile, type Submission } from '../../core/slurm/record';
import { requeueRuns } from '../../core/slurm/requeue';
import { executorFor, submitBatch } from '../slurmSubmit';

/** Slurm's own failure, with the pointer to the troubleshooting section. */
function slurmFailure(e: unknown): never {
  if (e instanceof SlurmMissingError || e instanceof SlurmCommandError) throw new CliError(e.message, ExitCode.failure, 'see docs/slurm.md (troubleshooting)');
  throw e;
}

/** `slurm requeue RUN... [--any] [--slurm-time T ...]`. */
export async function requeue(ctx: CommandContext, args: ParsedArgs, ids: readonly string[]): Promise<number> {
  if (ids.length === 0) throw new UsageError('slurm requeue needs the runs to requeue', 'slurm --help');
  const o = ctx.output;
  const store = ctx.store();
  const resolved: string[] = [];
  for (const ref of ids) {
    const m = await store.getRun(ref);
    if (!m) throw new CliError(`no run "${ref}"`, ExitCode.notFound);
    resolved.push(m.id);
  }
  const executor = await executorFor(ctx, args, undefined, { kind: 'slurm', slurm: {} });
  const result = await requeueRuns(store, resolved, slurmCommands(), {
    any: optFlag(args, 'any'), ...(executor.kind === 'slurm' ? { slurm: executor.slurm } : {}),
  }).catch(slurmFailure);
  for (const r of result.refused) o.err(paint(o, 'yellow', `runlens: not requeued: ${r.id}: ${r.why}`));
  for (const j of result.jobs) o.err(`runlens: requeued ${j.tasks.length} task${j.tasks.length === 1 ? '' : 's'} of submission ${j.submission} as job ${j.jobId}`);
  for (const m of result.requeued) o.out(`${m.id}\t${m.name}\tattempt ${(m.slurm?.attempts?.length ?? 0) + 1}`);
  return result.refused.length > 0 ? ExitCode.failure : 0;
}

/** The submission named by its id or by one of its runs. */
async function submissionOf(ctx: CommandContext, ref: string): Promise<Submission> {
  const store = ctx.store();
  const byId = await readSubmission(submissionFile(store.root, ref)).catch(() => undefined); // not a submission id: maybe a run
  if (byId) return byId;
  const m = await store.getRun(ref);
  if (!m) throw new CliError(`no Slurm submission or run "${ref}"`, ExitCode.notFound);
  if (!m.slurm) throw new CliError(`${m.name} did not run on Slurm`, ExitCode.failure, 'rerun it with: runlens run (or Rerun in the Runs view)');
  return readSubmission(submissionFile(store.root, m.slurm.submission));
}

/** `slurm rerun-failed SUBMISSION|RUN [--slurm-* ...]`. */
export async function rerunFailed(ctx: CommandContext, args: ParsedArgs, ref: string | undefined): Promise<number> {
  if (ref === undefined) throw new UsageError('slurm rerun-failed needs a submission id or one of its runs', 'slurm --help');
  const o = ctx.output;
  const s = await submissionOf(ctx, ref);
  const runs: RunManifest[] = [];
  for (const id of s.runs) {
    const m = await ctx.store().getRun(id); // a run removed since is not rerun
    if (m && TERMINAL_STATUSES.includes(m.status) && m.status !== 'finished') runs.push(m);
  }
  if (runs.length === 0) {
    o.err(`runlens: no point of submission ${s.id} ended unfinished: nothing to rerun`);
    return 0;
  }
  if (s.experiment === null) throw new CliError(`submission ${s.id} ran a command, not an experiment`, ExitCode.failure, 'rerun it with: runlens run --on slurm -- COMMAND');
  let plans;
  try {
    const plan = await experimentPlanner({ workspace: ctx.workspace(), cwd: process.cwd(), experiment: s.experiment });
    plans = runs.map((m) => plan(Object.entries(declaredParams(m)).map(([k, v]) => `${k}=${formatParamValue(v)}`)));
  } catch (e) {
    if (e instanceof PlanError) throw new CliError(e.message, ExitCode.configInvalid, e.hint);
    throw e;
  }
  const executor = await executorFor(ctx, args, undefined, { kind: 'slurm', slurm: s.slurm });
  if (executor.kind !== 'slurm') throw new UsageError('rerun-failed resubmits to Slurm; rerun a point locally with: runlens run EXPERIMENT -p ...', 'slurm --help');
  o.err(paint(o, 'dim', `runlens: rerunning ${runs.length} unfinished point${runs.length === 1 ? '' : 's'} of submission ${s.id}: ${runs.map((m) => m.name).join(', ')}`));
  return submitBatch(ctx, args, { plans, slurm: executor.slurm, concurrency: s.concurrency, noSystemMetrics: s.noSystemMetrics === true });
}
