// `runlens slurm-task SUBMISSION FIRST`: what each Slurm task runs (the generated batch script starts
// it). Finds its run from the array task id, then runs it like `runlens run --queued` would, but in
// the submission's code snapshot, with the submission's code link and data hashes to check against.
import { type ParsedArgs } from '../args';
import { type Command, type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';
import { RunStore } from '../../core/store/store';
import { inExport } from '../../core/slurm/codeExport';
import { readSubmission } from '../../core/slurm/record';
import { runHere } from './run';

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const [file, firstRaw] = args.positionals;
  if (file === undefined || firstRaw === undefined || !/^\d+$/.test(firstRaw) || args.positionals.length !== 2) {
    throw new UsageError('slurm-task takes a submission file and the index of its array\'s first task', 'slurm-task --help');
  }
  const s = await readSubmission(file);
  const taskId = process.env.SLURM_ARRAY_TASK_ID;
  const index = Number(firstRaw) + (taskId !== undefined && /^\d+$/.test(taskId) ? Number(taskId) : 0);
  const runId = s.runs[index];
  if (runId === undefined) throw new CliError(`submission ${s.id} has no task ${index}`, ExitCode.notFound);
  const workspace = inExport(s, s.workspace);
  let store: RunStore | undefined;
  const taskCtx: CommandContext = {
    output: ctx.output,
    workspace: () => workspace,
    store: () => (store ??= RunStore.open(workspace, { storeDir: s.storeRoot })),
  };
  // The submitter's --no-system-metrics reaches the task through the submission, not the environment.
  const queued: ParsedArgs = { options: new Map<string, string | boolean>([['queued', runId], ...(s.noSystemMetrics === true ? [['no-system-metrics', true] as const] : [])]), positionals: [], rest: null };
  return runHere(taskCtx, queued, (plan) => ({ ...plan, cwd: inExport(s, plan.cwd), codeLink: s.code, expectedData: s.data }));
}

/** The `slurm-task` command (started by Slurm jobs, not by users). */
export const slurmTaskCommand: Command = {
  name: 'slurm-task',
  summary: 'run one task of a Slurm submission (started by the job Runlens submitted)',
  usage: 'slurm-task SUBMISSION-FILE FIRST-TASK',
  description: 'Runs the run of task FIRST-TASK + $SLURM_ARRAY_TASK_ID of the submission, in its code snapshot.',
  options: [],
  run,
};
