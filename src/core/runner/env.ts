// The environment a run's process gets: the caller's environment, the experiment's `env:`, the
// RUNLENS_* variables the Python client (or any language) reads, and the client on PYTHONPATH.
import { existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { type ParamValue } from '../model';
import { setOwn } from '../dict';

/** Variable that overrides where the Python client (the folder holding the `runlens` package) is. */
export const PYTHON_CLIENT_ENV = 'RUNLENS_PYTHON_CLIENT';

/**
 * Finds the folder to put on PYTHONPATH: `RUNLENS_PYTHON_CLIENT` when set, else `src/python`
 * next to the bundle (dist/cli.js -> ../src/python) or next to the sources when run unbundled.
 * Returns null when no client is found; runs still work, only `import runlens` fails.
 */
export function findPythonClient(env: NodeJS.ProcessEnv = process.env, from: string = __dirname): string | null {
  const override = env[PYTHON_CLIENT_ENV];
  if (override) return resolve(override);
  let dir = from;
  // Walk up a few levels: dist/, out/test/unit/runner/ and src/core/runner/ all reach the repo root.
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'src', 'python');
    if (existsSync(join(candidate, 'runlens'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return null;
}

/** Inputs for `buildChildEnv`. */
export interface ChildEnvInput {
  readonly base: NodeJS.ProcessEnv;
  readonly runId: string;
  readonly runDir: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** The experiment's `env:` from runlens.yaml; wins over `base`. */
  readonly configEnv: Readonly<Record<string, string>>;
  readonly pythonClient: string | null;
  /** The supervisor's stdout is a terminal: ask the child to keep colours and flush promptly. */
  readonly terminal: boolean;
}

/**
 * Builds the child's environment. Colour and unbuffering hints are only defaults: a variable the
 * user already set is left as it is, and NO_COLOR suppresses the colour hints.
 */
export function buildChildEnv(input: ChildEnvInput): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...input.base };
  if (input.terminal) {
    // A pipe makes Python block-buffer and most tools drop colours; the user sees a terminal, so
    // ask for terminal behaviour. The bytes the child writes are still passed on unchanged.
    env.PYTHONUNBUFFERED ??= '1';
    if (env.NO_COLOR === undefined) {
      env.FORCE_COLOR ??= '1';
      env.CLICOLOR_FORCE ??= '1';
    }
  }
  for (const [k, v] of Object.entries(input.configEnv)) setOwn(env, k, v);
  env.RUNLENS_RUN_ID = input.runId;
  env.RUNLENS_RUN_DIR = input.runDir;
  env.RUNLENS_PARAMS = JSON.stringify(input.params);
  if (input.pythonClient) {
    const existing = env.PYTHONPATH;
    env.PYTHONPATH = existing ? `${input.pythonClient}${delimiter}${existing}` : input.pythonClient;
  }
  return env;
}
