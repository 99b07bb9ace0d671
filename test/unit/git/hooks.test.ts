// The user's git hooks never run for Runlens: `runlens run` (snapshot: index writes, ref update)
// and `runlens reproduce` (worktree add and remove) with hooks installed in .git/hooks, through a
// repository's core.hooksPath and through a global core.hooksPath. Real git, real CLI.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliEnv, listRuns, runCli } from '../cli/harness';
import { CAPTURE_ENV, cleanupTemp, git, tempDir } from './helpers/repo';
import { makeProject } from '../reproduce/project';

/** Every hook git may fire for index writes, ref updates, commits and checkouts. */
const HOOKS = ['post-index-change', 'reference-transaction', 'post-checkout', 'post-commit', 'pre-commit', 'post-rewrite', 'pre-auto-gc'];

/** A folder of hooks that each append their name to `marker`. */
function hookDir(marker: string): string {
  const dir = tempDir('runlens-hooks-');
  for (const name of HOOKS) {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\necho ${name} >> '${marker}'\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

function fired(marker: string): string[] {
  return existsSync(marker) ? readFileSync(marker, 'utf8').split('\n').filter(Boolean) : [];
}

describe('git hooks never run for Runlens', function () {
  this.timeout(60_000);
  after(cleanupTemp);

  const cases: { where: string; install: (repo: string, hooks: string, globalConfig: string) => void }[] = [
    {
      where: '.git/hooks',
      install: (repo, hooks) => {
        mkdirSync(join(repo, '.git', 'hooks'), { recursive: true });
        for (const name of HOOKS) writeFileSync(join(repo, '.git', 'hooks', name), readFileSync(join(hooks, name)), { mode: 0o755 });
      },
    },
    { where: "the repository's core.hooksPath", install: (repo, hooks) => void git(repo, 'config', 'core.hooksPath', hooks) },
    { where: 'a global core.hooksPath', install: (_repo, hooks, globalConfig) => writeFileSync(globalConfig, `[core]\n\thooksPath = ${hooks}\n`) },
  ];
  for (const c of cases) {
    it(`run and reproduce fire none of the hooks in ${c.where}`, async () => {
      const repo = makeProject();
      const marker = join(tempDir('runlens-marker-'), 'fired');
      const hooks = hookDir(marker);
      const globalConfig = join(tempDir('runlens-global-'), 'gitconfig');
      writeFileSync(globalConfig, '');
      c.install(repo, hooks, globalConfig);
      const env = cliEnv({ GIT_CONFIG_GLOBAL: globalConfig, GIT_CONFIG_NOSYSTEM: '1' });
      // The hooks are live: the user's own git commands fire them.
      const gitEnv = { ...CAPTURE_ENV, GIT_CONFIG_GLOBAL: globalConfig };
      execFileSync('git', ['update-ref', 'refs/hooks-check', 'HEAD'], { cwd: repo, env: gitEnv });
      execFileSync('git', ['update-ref', '-d', 'refs/hooks-check'], { cwd: repo, env: gitEnv });
      assert.ok(fired(marker).includes('reference-transaction'), 'the test hooks fire for the user');
      writeFileSync(marker, '');

      writeFileSync(join(repo, 'train.js'), `${readFileSync(join(repo, 'train.js'), 'utf8')}\n// uncommitted edit\n`);
      const run = await runCli(['run', 'train'], repo, env);
      assert.equal(run.code, 0, run.stderr);
      const [original] = await listRuns(repo);
      assert.equal(original?.code?.status, 'ok', original?.code?.message);
      assert.ok(original?.code?.snapshot, 'a snapshot was taken (index writes and a ref update)');
      const repro = await runCli(['reproduce', original?.id ?? ''], repo, env);
      assert.equal(repro.code, 0, repro.stderr);
      assert.deepEqual(fired(marker), [], 'no hook ran');
    });
  }
});
