// `runlens stop RUN`: asks a running run's supervisor (on this host) to stop it, then waits until
// the run has recorded its end, showing a spinner on a terminal.
import { optFlag, optString, type ParsedArgs } from '../args';
import { type Command, type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';
import { paint, statusStyle } from '../output';
import { requireRun } from '../lookup';
import { TERMINAL_STATUSES, type RunManifest } from '../../core/model';
import { graceFromEnv, requestStop, StopError } from '../../core/runner/stopping';
import { cancelSlurmRun } from '../../core/slurm/cancel';
import { slurmCommands } from '../../core/slurm/commands';
import { errorMessage } from '../../core/errors';

const POLL_MS = 100;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

async function waitForEnd(ctx: CommandContext, m: RunManifest, timeoutMs: number): Promise<RunManifest | undefined> {
  const o = ctx.output;
  const started = Date.now();
  let frame = 0;
  try {
    while (Date.now() - started < timeoutMs) {
      const now = await ctx.store().getRun(m.id);
      if (now && TERMINAL_STATUSES.includes(now.status)) return now;
      if (o.color) process.stderr.write(`\r${SPINNER[frame++ % SPINNER.length] ?? ''} stopping ${m.name}...`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    return undefined;
  } finally {
    if (o.color) process.stderr.write('\r\x1b[K');
  }
}

/** Signals the run's supervisor on this host. */
async function stopHere(m: RunManifest, force: boolean): Promise<void> {
  try {
    await requestStop(m, force);
  } catch (e) {
    if (e instanceof StopError) {
      throw new CliError(e.message, ExitCode.conflict, e.kind === 'other-host' ? undefined : `see its state with: runlens show ${m.id}`);
    }
    throw e;
  }
}

/** On Slurm the scheduler stops the task: its supervisor gets SIGTERM and records `stopped`. */
async function cancelOnSlurm(ctx: CommandContext, m: RunManifest, force: boolean): Promise<void> {
  const job = await cancelSlurmRun(ctx.store(), m, slurmCommands(), force)
    .catch((e: unknown) => { throw new CliError(errorMessage(e), ExitCode.failure); });
  ctx.output.err(`runlens: cancelled Slurm job ${job}`);
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError('stop takes exactly one run (id, name or id prefix)', 'stop --help');
  const m = await requireRun(ctx, args.positionals[0] ?? '');
  const force = optFlag(args, 'force');
  if (m.slurm && (m.status === 'running' || m.status === 'queued')) await cancelOnSlurm(ctx, m, force);
  else await stopHere(m, force);
  if (optFlag(args, 'no-wait')) {
    ctx.output.out(`asked run ${m.name} to stop`);
    return 0;
  }
  const waitRaw = optString(args, 'timeout');
  const timeout = waitRaw === undefined ? graceFromEnv() + 5000 : Number(waitRaw) * 1000;
  if (!Number.isFinite(timeout) || timeout < 0) throw new UsageError(`--timeout takes seconds, got "${waitRaw}"`, 'stop --help');
  const end = await waitForEnd(ctx, m, timeout);
  if (!end) {
    throw new CliError(`run ${m.name} has not ended after ${Math.round(timeout / 1000)} s`, ExitCode.failure,
      `force it with: runlens stop --force ${m.id}`);
  }
  const o = ctx.output;
  ctx.output.out(`run ${end.name} ${paint(o, statusStyle(end.status), end.status)}`);
  return 0;
}

/** The `stop` command. */
export const stopCommand: Command = {
  name: 'stop',
  summary: 'stop a running run (its process gets SIGTERM, then SIGKILL after a grace period)',
  usage: 'stop RUN [--force] [--no-wait] [--timeout SECONDS]',
  description: 'Signals the run\'s supervisor, which must be on this host. The grace period before SIGKILL\n' +
    'is 10 s (RUNLENS_STOP_GRACE=SECONDS when the run was started changes it). A run on Slurm is cancelled\n' +
    'with scancel of its own task (queued or running); --force sends it SIGKILL.',
  options: [
    { name: 'force', type: 'boolean', help: 'kill the run at once (SIGKILL), without a grace period' },
    { name: 'no-wait', type: 'boolean', help: 'return once the request is sent' },
    { name: 'timeout', type: 'string', value: 'SECONDS', help: 'how long to wait for the run to end (default: grace + 5 s)' },
  ],
  examples: ['runlens stop brave-otter-3', 'runlens stop --force 20250101-1200'],
  run,
};
