// Starts a run's process in its own process group and stops it: the group gets every signal, so
// worker processes (data loaders, `shell: true` pipelines) stop with the main one, and a grace
// period escalates to SIGKILL for a process that ignores the polite signal.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import { type Readable } from 'node:stream';

/** How the child ended. Exactly one of `code` and `signal` is non-null unless it never started. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  readonly spawnError: NodeJS.ErrnoException | null;
}

/** What to start. `argv[0]` is the program; with `shell`, argv is handed to `/bin/sh -c` as one command. */
export interface ChildSpec {
  readonly argv: readonly string[];
  readonly shell: boolean;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

/** A started (or failed-to-start) run process. */
export interface RunChild {
  readonly pid: number | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Resolves once the process has exited (not necessarily once its pipes are drained). */
  readonly exited: Promise<ChildExit>;
  /** Sends `signal` to the whole process group; false when nothing was running. */
  signal(signal: NodeJS.Signals): boolean;
  /** Sends `signal`, then SIGKILL after `graceMs` if still alive; false when nothing was running. */
  stop(signal: NodeJS.Signals, graceMs: number): boolean;
}

/**
 * Spawns the child detached (a new session and process group) with stdin inherited and stdout/stderr
 * piped. Being its own group means a terminal Ctrl+C reaches only the supervisor, which forwards it
 * once — the child never sees the same interrupt twice.
 */
export function startChild(spec: ChildSpec): RunChild {
  const [file, ...args] = spec.argv;
  if (file === undefined) throw new Error('empty command');
  let proc: ChildProcess;
  const exited = new Promise<ChildExit>((resolve) => {
    proc = spec.shell
      ? spawn(spec.argv.join(' '), { cwd: spec.cwd, env: spec.env, shell: true, detached: true, stdio: ['inherit', 'pipe', 'pipe'] })
      : spawn(file, args, { cwd: spec.cwd, env: spec.env, detached: true, stdio: ['inherit', 'pipe', 'pipe'] });
    let done = false;
    proc.once('error', (err: NodeJS.ErrnoException) => {
      // 'error' also fires for a failed kill(); only a process that never started ends here.
      if (done || proc.pid !== undefined) return;
      done = true;
      resolve({ code: null, signal: null, spawnError: err });
    });
    proc.once('exit', (code, signal) => {
      if (done) return;
      done = true;
      resolve({ code, signal, spawnError: null });
    });
  });
  // `proc` is assigned synchronously by the Promise executor above.
  const child = proc!;
  let alive = child.pid !== undefined;
  let killTimer: NodeJS.Timeout | undefined;
  void exited.then(() => {
    alive = false;
    if (killTimer) clearTimeout(killTimer);
  });

  const signal = (sig: NodeJS.Signals): boolean => {
    const pid = child.pid;
    if (!alive || pid === undefined) return false;
    try {
      process.kill(-pid, sig);
    } catch {
      // The group may already be gone while the leader is a zombie; fall back to the pid itself.
      try {
        process.kill(pid, sig);
      } catch {
        // Neither the group nor the pid exists any more: nothing left to signal.
        return false;
      }
    }
    return true;
  };

  return {
    pid: child.pid ?? null,
    stdout: child.stdout,
    stderr: child.stderr,
    exited,
    signal,
    stop(sig, graceMs) {
      if (!signal(sig)) return false;
      if (sig !== 'SIGKILL' && !killTimer) {
        killTimer = setTimeout(() => signal('SIGKILL'), graceMs);
        killTimer.unref();
      }
      return true;
    },
  };
}

/** Shell-style exit status for a process ended by `signal`: 128 + its number. */
export function signalExitCode(signal: NodeJS.Signals): number {
  const n = (constants.signals as Record<string, number | undefined>)[signal];
  return 128 + (n ?? 0);
}
