// Runs queued runs one supervisor each (`runlens run --queued ID`, sharing this terminal) through
// core's queue: in order, N at a time, skipping a run cancelled while it waited, and cancelling
// what was never started when the queue stops. Shared by `runlens sweep` and `runlens rerun`.
import { spawn } from 'node:child_process';
import { errorMessage } from '../core/errors';
import { runQueue, type QueueResult } from '../core/queue/queue';
import { type CommandContext } from './command';
import { paint } from './output';

/** A queued run: its id and name. */
export interface QueuedItem {
  readonly id: string;
  readonly name: string;
}

/** How {@link runQueuedChildren} ended. */
export interface QueuedOutcome {
  readonly result: QueueResult<QueuedItem>;
  /** Runs that started but did not finish (exit code other than 0). */
  readonly failures: QueuedItem[];
  /** Stopped by a signal (Ctrl+C, a closing terminal, SIGTERM). */
  readonly interrupted: boolean;
}

/** What each queued run's supervisor is told, as `runlens run` options. */
interface ChildOptions {
  /** `--python PATH`. */
  readonly python?: string;
  /** `--no-system-metrics`: the sweep's own flag, passed on to each of its runs. */
  readonly noSystemMetrics?: boolean;
}

/** Starts `runlens run --queued ID` as a child supervisor sharing this terminal; resolves with its exit code. */
function runChild(ctx: CommandContext, id: string, options: ChildOptions, running: Set<number>): Promise<number> {
  const argv = [process.argv[1] ?? '', 'run', '--queued', id, '--workspace', ctx.workspace()];
  if (options.python) argv.push('--python', options.python);
  if (options.noSystemMetrics) argv.push('--no-system-metrics');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, argv, { stdio: 'inherit' });
    if (child.pid !== undefined) running.add(child.pid);
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      if (child.pid !== undefined) running.delete(child.pid);
      done(code ?? (signal ? 128 : 1));
    });
  });
}

/**
 * Runs `queued` (already in the store with status `queued`) N at a time. With `stopOnFailure`, a
 * run that does not finish stops the queue (a pipeline's later stages would read stale inputs).
 */
export async function runQueuedChildren(ctx: CommandContext, queued: readonly QueuedItem[], options: ChildOptions & { concurrency: number; stopOnFailure?: boolean }): Promise<QueuedOutcome> {
  const store = ctx.store();
  const o = ctx.output;
  // Ctrl+C and a closing terminal reach the whole process group, children included; SIGTERM
  // (`kill`, `runlens stop`) reaches only this process, so it is passed on to running children.
  let interrupted = false;
  let failed = false;
  const running = new Set<number>();
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted = true;
    if (signal === 'SIGTERM') for (const pid of running) process.kill(pid, 'SIGTERM');
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(s, onSignal);
  const failures: QueuedItem[] = [];
  try {
    const result = await runQueue(queued, {
      concurrency: options.concurrency,
      stopped: () => interrupted || failed,
      claim: async (item) => (await store.getRun(item.id))?.status === 'queued',
      run: async (item) => {
        if ((await runChild(ctx, item.id, options, running)) !== 0) {
          failures.push(item);
          if (options.stopOnFailure) failed = true;
        }
      },
      onEvent: (e) => {
        if (e.kind === 'skip') o.err(paint(o, 'dim', `runlens: skipped ${e.item.name}: cancelled while queued`));
      },
    });
    // What was never started is cancelled rather than left queued with nobody to run it.
    for (const item of result.notStarted) {
      if ((await store.getRun(item.id))?.status === 'queued') await store.delete(item.id).catch((e: unknown) => o.err(paint(o, 'yellow', `runlens: warning: ${item.name} stays queued: it could not be removed (${errorMessage(e)}); delete it with: runlens rm ${item.id}`)));
    }
    return { result, failures, interrupted };
  } finally {
    for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(s, onSignal);
  }
}
