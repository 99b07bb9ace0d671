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

/**
 * Installs handlers on `proc` (normally `process`) that forward stop signals to `target`.
 * Returns a function that removes them. While installed, these signals no longer end the
 * supervisor itself: it stays to record how the run ended.
 */
export function forwardSignals(target: Stoppable, proc: NodeJS.Process = process): () => void {
  let received = 0;
  const handler = (signal: NodeJS.Signals): void => {
    received++;
    if (received === 1) target.stop(signal);
    else target.kill();
  };
  for (const s of FORWARDED_SIGNALS) proc.on(s, handler);
  return () => {
    for (const s of FORWARDED_SIGNALS) proc.off(s, handler);
  };
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
