// How runs are stopped: inside the supervisor, stop signals are forwarded to the run's process group
// (a second one kills at once, so a double Ctrl+C always works); from outside (CLI `stop`, the
// extension), the supervisor recorded in the manifest is signalled, on its own host only.
import { hostname } from 'node:os';
import { type RunManifest } from '../model';

/** Signals the supervisor forwards to its child. */
export const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** Something that can be asked to stop: a supervised run. */
export interface Stoppable {
  /** Polite stop with `signal`, escalating to SIGKILL after the grace period. */
  stop(signal: NodeJS.Signals): void;
  /** Immediate SIGKILL of the whole process group. */
  kill(): void;
}

/** Stop signals caught from before a run's process exists until it has ended (see {@link catchSignals}). */
export interface SignalCatcher {
  /** The first stop signal received so far, or null. */
  readonly received: NodeJS.Signals | null;
  /** Aborted by the first stop signal: long preparations (data restore) can give up early. */
  readonly aborted: AbortSignal;
  /** From now on signals stop `target`; a stop received earlier reaches it at once. */
  forwardTo(target: Stoppable): void;
  /** Removes the handlers. */
  dispose(): void;
}

/**
 * Installs handlers on `proc` (normally `process`) for the stop signals. Until `forwardTo` names a
 * target they are only remembered, so a Ctrl+C between creating a run and starting its process
 * no longer kills the supervisor (which left the run reading `crashed`): the caller checks
 * `received` and records the run `stopped`. Afterwards the first signal stops the target politely
 * and a second kills it. While installed, these signals no longer end the supervisor itself.
 */
export function catchSignals(proc: NodeJS.Process = process): SignalCatcher {
  let received: NodeJS.Signals | null = null;
  let count = 0;
  let target: Stoppable | null = null;
  const abort = new AbortController();
  const deliver = (signal: NodeJS.Signals): void => {
    if (!target) return;
    if (count === 1) target.stop(signal);
    else target.kill();
  };
  const handler = (signal: NodeJS.Signals): void => {
    count++;
    received ??= signal;
    abort.abort();
    deliver(signal);
  };
  for (const s of FORWARDED_SIGNALS) proc.on(s, handler);
  return {
    get received() {
      return received;
    },
    aborted: abort.signal,
    forwardTo(t) {
      target = t;
      if (received) deliver(received);
    },
    dispose() {
      for (const s of FORWARDED_SIGNALS) proc.off(s, handler);
    },
  };
}

/** Installs {@link catchSignals} forwarding to `target` at once; returns a function removing the handlers. */
export function forwardSignals(target: Stoppable, proc: NodeJS.Process = process): () => void {
  const caught = catchSignals(proc);
  caught.forwardTo(target);
  return () => caught.dispose();
}

/** Default grace period between the polite signal and SIGKILL. */
export const DEFAULT_GRACE_MS = 10_000;

/** Environment variable (seconds, may be fractional) overriding the grace period. */
export const GRACE_ENV = 'RUNLENS_STOP_GRACE';

/** The grace period from `RUNLENS_STOP_GRACE` (seconds) or the default. */
export function graceFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[GRACE_ENV];
  if (raw === undefined || raw === '') return DEFAULT_GRACE_MS;
  const seconds = Number(raw);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : DEFAULT_GRACE_MS;
}

/** Why a stop request could not be sent; the message is a sentence a user can act on. */
export class StopError extends Error {
  constructor(message: string, readonly kind: 'not-running' | 'other-host' | 'gone') {
    super(message);
    this.name = 'StopError';
  }
}

/**
 * Asks the supervisor of run `m` to stop it: SIGTERM once for a polite stop (the child then has the
 * grace period before SIGKILL), twice with `force` (the supervisor kills the group at once).
 */
export async function requestStop(m: RunManifest, force: boolean): Promise<void> {
  if (m.status !== 'running') throw new StopError(`run ${m.name} is not running (it is ${m.status})`, 'not-running');
  const proc = m.process;
  if (!proc) throw new StopError(`run ${m.name} has no recorded process to signal`, 'gone');
  if (proc.host !== hostname()) {
    throw new StopError(`run ${m.name} runs on host ${proc.host}, not on this one (${hostname()}); stop it there`, 'other-host');
  }
  try {
    process.kill(proc.supervisorPid, 'SIGTERM');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') {
      throw new StopError(`the supervisor of run ${m.name} (pid ${proc.supervisorPid}) is no longer running`, 'gone');
    }
    throw e;
  }
  if (!force) return;
  // Spaced out so the supervisor sees two deliveries: pending signals of one kind merge.
  await new Promise((r) => setTimeout(r, 100));
  try {
    process.kill(proc.supervisorPid, 'SIGTERM');
  } catch {
    // The run already ended after the first signal.
  }
}
