// Runs one git process from an argv array (never a shell string), with the caller's environment
// overrides (GIT_INDEX_FILE, identities), optional stdin, cancellation, and stdout to memory or a file.
// Every git command the engine runs goes through here, with the user's hooks switched off.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/** Raised when the `git` executable cannot be started (not installed or not on PATH). */
export class GitMissingError extends Error {
  constructor(cause: unknown) {
    super(`git is not installed or not on PATH (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'GitMissingError';
  }
}

/** Raised when git exits non-zero; carries git's own message so a user can act on it. */
export class GitCommandError extends Error {
  constructor(readonly args: readonly string[], readonly code: number | null, readonly stderr: string) {
    super(`git ${args[0] ?? ''} failed (exit ${code ?? 'signal'}): ${stderr.trim().split('\n').slice(-3).join(' ') || 'no message'}`);
    this.name = 'GitCommandError';
  }
}

/**
 * Put before every command: hooks are the user's code reacting to *their* git actions, and a
 * snapshot's index writes and ref updates or a reproduction's checkout are not theirs (hooks such
 * as post-index-change and reference-transaction would otherwise fire, from .git/hooks, a
 * repository's or the global core.hooksPath alike: a command-line `-c` outranks every config file).
 */
export const NO_HOOKS: readonly string[] = ['-c', 'core.hooksPath=/dev/null'];

/** How to run one git command. */
export interface GitOptions {
  readonly cwd: string;
  /** Base environment (defaults to process.env); `extraEnv` is layered on top. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** Bytes written to git's stdin, which is closed afterwards. */
  readonly input?: string | Buffer;
  /** Write stdout to this file instead of buffering it (for patches that may be large). */
  readonly stdoutFile?: string;
  readonly signal?: AbortSignal;
  /** Resolve instead of rejecting on these exit codes (e.g. 1 for "not found" lookups). */
  readonly okCodes?: readonly number[];
}

/** What a finished git command produced. */
export interface GitResult {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/**
 * Runs `git ...args`. Rejects with {@link GitMissingError} when git cannot be spawned, with
 * {@link GitCommandError} on a non-zero exit not listed in `okCodes`, and with an AbortError on cancel.
 */
export function runGit(args: readonly string[], options: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    // GIT_TERMINAL_PROMPT=0: nothing we run should ever wait for a user at a terminal.
    // LC_ALL/LANGUAGE=C: git's messages are matched (e.g. "not a git repository"), so keep them untranslated.
    const env = { ...(options.env ?? process.env), GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', LANGUAGE: 'C', ...options.extraEnv };
    const child = spawn('git', [...NO_HOOKS, ...args], {
      cwd: options.cwd,
      env,
      signal: options.signal,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let failed = false;
    const fail = (e: unknown): void => {
      if (failed) return;
      failed = true;
      const err = e as NodeJS.ErrnoException;
      reject(err.code === 'ENOENT' && err.syscall?.startsWith('spawn') ? new GitMissingError(e) : toError(e));
    };
    child.on('error', fail);
    // stdout and stderr are always pipes (see stdio above); the guard only narrows the types.
    const { stdout, stderr } = child;
    if (!stdout || !stderr) throw new Error('git was spawned without output pipes');
    let fileDone: Promise<void> = Promise.resolve();
    if (options.stdoutFile !== undefined) {
      const file = createWriteStream(options.stdoutFile);
      fileDone = new Promise((ok, ko) => {
        file.on('finish', ok);
        file.on('error', (e) => {
          // Keep draining git's output so it never blocks on a full pipe; the error is reported at exit.
          stdout.unpipe(file);
          stdout.resume();
          ko(e);
        });
      });
      // Handled at 'close'; this only stops Node from flagging the rejection as unhandled meanwhile.
      fileDone.catch(() => undefined);
      stdout.pipe(file);
    } else {
      stdout.on('data', (b: Buffer) => out.push(b));
    }
    stderr.on('data', (b: Buffer) => err.push(b));
    if (options.input !== undefined && child.stdin) {
      // git may exit before reading all of stdin (e.g. on a bad path); its exit code tells why.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
    child.on('close', (code) => {
      if (failed) return;
      fileDone.then(
        () => {
          const text = Buffer.concat(err).toString('utf8');
          if (code === 0 || (code !== null && options.okCodes?.includes(code))) {
            resolve({ code, stdout: Buffer.concat(out), stderr: text });
          } else {
            reject(new GitCommandError(args, code, text));
          }
        },
        (e: unknown) => reject(toError(e)),
      );
    });
  });
}

function toError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

/** Runs git and returns its stdout as text without the trailing newline. */
export async function gitText(args: readonly string[], options: GitOptions): Promise<string> {
  return (await runGit(args, options)).stdout.toString('utf8').replace(/\n$/, '');
}
