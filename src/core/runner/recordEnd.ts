// Recording how a supervised run ended, also on a full disk: the end waits for space (retried,
// the user told in words) instead of failing `runlens run`, and a run whose records hit a full
// disk says so in its error (`disk full: ...`) while `runlens run` still exits with the child's code.
import { hostname } from 'node:os';
import { type ChildExit } from './child';
import { describeEnd, type RunEnd } from './outcome';
import { errorMessage } from '../errors';
import { isNoSpace, retryUntilSpace } from '../fs/space';
import { type RunWriter } from '../store/writer';

/** What the supervisor knows when its child has ended. */
export interface EndRecording {
  readonly writer: RunWriter;
  readonly argv: readonly string[];
  readonly exit: ChildExit;
  readonly stopped: boolean;
  readonly versions: Record<string, string>;
  /** Hands over metrics still held in memory; retried with the end while the disk is full. */
  readonly handOver: () => Promise<void>;
  /** Work before the end is recorded (hashing outputs); its failure becomes a warning on the run. */
  readonly beforeFinish?: () => Promise<void>;
  /** Told a warning that was also recorded on the run (the CLI prints it). */
  readonly onWarning?: (message: string) => void;
  /** The disk filled up during the run; `outputLost`: output.log stops where it did. */
  readonly diskFull: { readonly outputLost: boolean } | null;
  /** Told once when recording has to wait for space. */
  readonly onDiskFull?: (message: string) => void;
  /** Aborts the wait for space (a Ctrl+C after the child ended); the end then stays unrecorded. */
  readonly giveUp: AbortSignal;
}

/** The end with the disk-full reason folded in: `finished` becomes `failed`, the exit code stays the child's. */
export function withDiskFull(end: RunEnd, outputLost: boolean): RunEnd {
  const what = outputLost ? 'output.log stops where the disk filled (the terminal still got everything)' : 'recording had to wait for space';
  const then = end.error ?? (end.childExitCode !== null ? `the command exited with code ${end.childExitCode}` : null);
  return { ...end, status: end.status === 'finished' ? 'failed' : end.status, error: `disk full: ${what}${then ? `; ${then}` : ''}` };
}

/**
 * Adds `message` to the run's data warnings (what `show` and Run Detail list) and tells the caller.
 * Recording the warning may fail as the work did (a full disk): the caller is still told, and the
 * end is recorded next in any case.
 */
async function warnOnRun(r: EndRecording, message: string): Promise<void> {
  r.onWarning?.(message);
  const data = r.writer.manifest().data ?? { hashing: false, datasets: [], outputs: [], warnings: [] };
  try {
    await r.writer.setLinks({ data: { ...data, warnings: [...data.warnings, message] } });
  } catch (e) {
    r.onWarning?.(`could not record that warning on the run: ${errorMessage(e)}`);
  }
}

/** Records the end (see the module comment); resolves with what was recorded, or with `unrecorded` set. */
export async function recordEnd(r: EndRecording): Promise<RunEnd> {
  const described = describeEnd(r.argv, r.exit, r.stopped);
  let full = r.diskFull;
  const wait = {
    signal: r.giveUp,
    onWait: () => {
      full ??= { outputLost: false };
      r.onDiskFull?.('the disk is full: waiting for space to record how the run ended (free some space; ' +
        'Ctrl+C gives up, and the run then reads crashed)');
    },
  };
  if (r.exit.spawnError) {
    // The run never started; record where it was meant to run so `show` still explains it.
    await retryUntilSpace(() => r.writer.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, r.versions), wait);
  } else if (r.beforeFinish) {
    await r.beforeFinish().catch((e: unknown) => warnOnRun(r, `could not finish the run's data links (outputs not hashed): ${errorMessage(e)}`));
  }
  let end = described;
  try {
    await retryUntilSpace(async () => {
      // Metrics that cannot be handed over for another reason must not keep the end unrecorded.
      await r.handOver().catch((e: unknown) => { if (isNoSpace(e)) throw e; });
      end = full ? withDiskFull(described, full.outputLost) : described;
      await r.writer.finish({ status: end.status, exitCode: r.exit.code, signal: r.exit.signal, error: end.error });
    }, wait);
  } catch (e) {
    if (!isNoSpace(e)) throw e;
    return { ...end, unrecorded: `the disk is full, so how run ${r.writer.manifest().name} ended was not recorded; it will read crashed` };
  }
  return end;
}
