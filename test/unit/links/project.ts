// The example project (docs/example: train.py, data/points.csv, runlens.yaml) copied into a temp
// folder, optionally as a git repository, plus extra experiments for the link tests, and the
// environment the built CLI runs in (no global git config, no GIT_* leaking in).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CAPTURE_ENV, git, tempDir } from '../git/helpers/repo';
import { repoRoot, runCli, type CliResult } from '../cli/harness';

/** Extra experiments appended to the example's runlens.yaml. */
const EXTRA_EXPERIMENTS = `
  # A dataset that does not exist.
  needs-missing:
    command: [python3, -c, "print('ran')"]
    datasets:
      - data/missing.csv
  # Appends a line to its own dataset while it runs.
  append:
    command: [python3, -c, "open('data/points.csv', 'a').write('0.1,0.2,0.3,0.4,1\\\\n')"]
    datasets:
      - data/points.csv
  # Writes an output folder holding a dangling symlink: a file no one (not even root) can hash.
  broken-output:
    command: [python3, -c, "import os; os.makedirs('outputs/broken', exist_ok=True); os.symlink('nowhere', 'outputs/broken/model.pt')"]
    outputs:
      - outputs/broken
`;

/** Fast params for the example's `train` experiment. */
export const FAST = ['-p', 'delay=0', '-p', 'epochs=3'];

/** Environment for the CLI: no colour, no inherited run variables, no user git config. */
export function linkEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...CAPTURE_ENV, NO_COLOR: '1', RUNLENS_STOP_GRACE: '2' };
  delete env.RUNLENS_RUN_ID;
  delete env.RUNLENS_RUN_DIR;
  delete env.RUNLENS_NO_HASH;
  return { ...env, ...extra };
}

/** Runs the built CLI in `cwd` with {@link linkEnv}. */
export function rl(args: readonly string[], cwd: string, extra: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return runCli(args, cwd, linkEnv(extra));
}

/**
 * A copy of the example project in a fresh temp folder (removed by the git helpers' cleanupTemp).
 * `git`: make it a repository on branch main with everything committed; `gitignore` lines are
 * committed with it (e.g. outputs/, so a run's outputs do not make the next run dirty).
 */
export function exampleProject(options: { git: boolean; gitignore?: string[] }): string {
  const dir = join(tempDir('runlens-links-'), 'project');
  const example = join(repoRoot(), 'docs', 'example');
  for (const f of ['train.py', 'runlens.yaml', 'data']) cpSync(join(example, f), join(dir, f), { recursive: true });
  writeFileSync(join(dir, 'runlens.yaml'), readFileSync(join(dir, 'runlens.yaml'), 'utf8') + EXTRA_EXPERIMENTS);
  if (options.gitignore) writeFileSync(join(dir, '.gitignore'), options.gitignore.map((l) => `${l}\n`).join(''));
  if (options.git) {
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'example project');
  }
  return dir;
}

/** Reads a JSON file of a run's directory. */
export function runFile(ws: string, id: string, name: string): unknown {
  return JSON.parse(readFileSync(join(ws, '.runlens', 'runs', id, name), 'utf8')) as unknown;
}
