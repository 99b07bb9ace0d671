// Tool versions recorded with a run: node, host, platform, runlens, and — when the command is a
// Python interpreter — that interpreter's version. Asking Python costs a process start (much more
// behind a pyenv shim), so it runs while the run's own process starts and gives up quickly.
import { execFile } from 'node:child_process';
import { arch, hostname, platform, release } from 'node:os';
import { basename } from 'node:path';
import { version as packageVersion } from '../../../package.json';

/** The tool's version, recorded so a store can be traced to the release that wrote it. */
export const RUNLENS_VERSION: string = packageVersion;

/** Longest wait for `python --version` before recording the run without it. */
const PYTHON_TIMEOUT_MS = 2000;

/** True for `python`, `python3`, `python3.11`, also as a path (e.g. `.venv/bin/python`). */
export function isPythonCommand(program: string): boolean {
  return /^python(\d+(\.\d+)*)?$/.test(basename(program));
}

/** `<program> --version` (e.g. "3.11.2"), or null when it fails or is slow. */
export function pythonVersion(program: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(program, ['--version'], { cwd, env, timeout: PYTHON_TIMEOUT_MS }, (err, stdout, stderr) => {
      if (err) {
        resolve(null);
        return;
      }
      // Python 2 printed its version on stderr; accept either.
      const m = /Python\s+(\S+)/.exec(`${stdout}${stderr}`);
      resolve(m?.[1] ?? null);
    });
  });
}

/**
 * Versions for the manifest. The Python version is that of the interpreter the command runs, with
 * the child's cwd and environment (so pyenv and virtualenvs answer as they will for the run).
 */
export async function collectVersions(
  argv: readonly string[],
  shell: boolean,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<Record<string, string>> {
  const versions: Record<string, string> = {
    node: process.versions.node,
    host: hostname(),
    platform: `${platform()}-${arch()} ${release()}`,
    runlens: RUNLENS_VERSION,
  };
  const program = argv[0];
  if (!shell && program !== undefined && isPythonCommand(program)) {
    const python = await pythonVersion(program, cwd, env);
    if (python) versions.python = python;
  }
  return versions;
}
