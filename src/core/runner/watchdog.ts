// Stops a run's process group when its supervisor dies without a word (kill -9, the OOM killer):
// otherwise the training goes on unsupervised, unseen and unstoppable by `runlens stop`. A tiny
// shell in a session of its own holds a pipe from the supervisor; end-of-file before "done" means
// the supervisor is gone, and the watchdog stops the group the way `runlens stop` would.
import { spawn, type ChildProcess } from 'node:child_process';
import { type Socket } from 'node:net';

/**
 * $1: the process group, $2: the grace period in seconds. Ignores the terminal's signals (it is
 * in a session of its own anyway), then waits for a line. Only a clean end of the supervisor says
 * "done"; anything else (EOF) stops the group: SIGTERM, then SIGKILL after the grace period.
 */
const SCRIPT = [
  "trap '' INT HUP",
  'if read -r word && [ "$word" = done ]; then exit 0; fi',
  'kill -s TERM -- "-$1" 2>/dev/null || exit 0',
  'sleep "$2"',
  'kill -s KILL -- "-$1" 2>/dev/null',
  'exit 0',
].join('\n');

/** A watchdog guarding one process group. */
export interface Watchdog {
  /** The process group ended normally: the watchdog exits without signalling anything. */
  disarm(): void;
}

/**
 * Starts a watchdog for the process group `pgid` (the run's child, started detached). Never keeps
 * the supervisor alive and never fails it: without /bin/sh (Windows) there is no watchdog.
 */
export function startWatchdog(pgid: number, graceMs: number): Watchdog {
  if (process.platform === 'win32') return { disarm: () => undefined };
  let proc: ChildProcess;
  try {
    proc = spawn('/bin/sh', ['-c', SCRIPT, 'runlens-watchdog', String(pgid), String(graceMs / 1000)], {
      // cwd `/`: a watchdog must not keep the run's folder (or its mount) busy.
      detached: true, stdio: ['pipe', 'ignore', 'ignore'], cwd: '/',
    });
  } catch {
    // No /bin/sh to spawn: the run goes on without a watchdog (the supervisor still stops the child itself).
    return { disarm: () => undefined };
  }
  proc.on('error', () => undefined);
  proc.stdin?.on('error', () => undefined);
  proc.unref();
  (proc.stdin as Socket | null)?.unref();
  let armed = true;
  return {
    disarm() {
      if (!armed) return;
      armed = false;
      proc.stdin?.end('done\n');
    },
  };
}
