// Where the change journal's sync files go: in the repository's git dir (out of the Explorer and
// `git status`) when it lies in the workspace and no watcher exclude hides it, else in the root;
// and the journal, kept by a real recursive watcher, syncs through either.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { journalFiles } from '../../../src/core/data/journal';
import { openLiveJournal } from '../../../src/core/data/journalRead';
import { isSyncPath, syncFolder } from '../../../src/core/data/journalSync';
import { cleanupTemp, git, makeRepo, tempDir } from '../git/helpers/repo';
import { keepJournal, type KeptJournal } from './helpers/journal';

/** files.watcherExclude's defaults: VS Code 1.93's, then 1.139's (read from their builds). */
const DEFAULTS_193 = ['**/.git/objects/**', '**/.git/subtree-cache/**', '**/node_modules/*/**', '**/.hg/store/**'];
const DEFAULTS_1139 = ['.git/objects/**', '.git/subtree-cache/**', '.hg/store/**', '*/.git/objects/**', '*/.git/subtree-cache/**', '*/.hg/store/**'];

describe('change journal sync files', () => {
  let kept: KeptJournal | undefined;
  afterEach(async () => {
    await kept?.stop();
    kept = undefined;
    cleanupTemp();
  });

  /** The sync files the journal of `ws` logged (each once; created and removed are two events): the writer's probe, then one per check. */
  function loggedSyncFiles(ws: string): string[] {
    const lines = readFileSync(journalFiles(join(ws, '.runlens')).log, 'utf8').split('\n').slice(1).filter((l) => l !== '');
    return [...new Set(lines.map((l) => JSON.parse(l) as string).filter((p) => p.includes('.runlens-sync-')))];
  }

  /** Keeps a journal of `ws` with a real watcher, syncs one check with it, returns what the check saw changed. */
  async function keepAndCheck(ws: string, excludes: readonly string[] = []): Promise<readonly string[]> {
    kept = await keepJournal(join(ws, '.runlens'), ws, excludes);
    await kept.attach();
    const journal = await openLiveJournal(join(ws, '.runlens'), ws, 10_000);
    assert.ok(journal, 'the check synced with the journal');
    return (await journal.changesSince(0)).paths;
  }

  it('creates them in .git of a repository, never in the workspace root, and leaves them out of the changes', async () => {
    const ws = makeRepo({ 'data/a.csv': 'x\n' });
    const changed = await keepAndCheck(ws, DEFAULTS_193);
    const synced = loggedSyncFiles(ws);
    assert.equal(synced.length, 2, `the probe and the check: ${synced.join(', ')}`);
    for (const p of synced) assert.match(p, /^\.git\/\.runlens-sync-[0-9a-f]{16}$/);
    assert.ok(!changed.some((p) => p.includes('.runlens-sync-')), `no sync file counts as a change: ${changed.join(', ')}`);
    assert.equal(git(ws, 'status', '--porcelain', '--ignored', '--', ':!.runlens'), '', 'nothing left for git status');
  });

  it('uses the root where the git dir lies outside the workspace: a linked worktree, a workspace below the top level', async () => {
    const top = makeRepo({ 'data/a.csv': 'x\n', 'sub/b.csv': 'y\n' });
    const wt = join(tempDir(), 'wt');
    git(top, 'worktree', 'add', '-q', '-b', 'feature', wt);
    assert.equal(await syncFolder(wt, []), '', 'the worktree\'s git dir is in the main repository');
    assert.equal(await syncFolder(join(top, 'sub'), []), '');
    await keepAndCheck(wt);
    const synced = loggedSyncFiles(wt);
    assert.equal(synced.length, 2);
    for (const p of synced) assert.match(p, /^\.runlens-sync-[0-9a-f]{16}$/);
  });

  it('uses the root where a watcher exclude may hide the git dir, or where there is none', async () => {
    const ws = makeRepo();
    assert.equal(await syncFolder(ws, DEFAULTS_193), '.git', 'VS Code 1.93\'s defaults hide only objects and subtree-cache');
    assert.equal(await syncFolder(ws, DEFAULTS_1139), '.git', 'nor do 1.139\'s');
    for (const p of ['**/.git/**', '**/.git', '.git', '**/.runlens-sync-*', '.git/*', '**', '**/[.]git/**']) {
      assert.equal(await syncFolder(ws, [...DEFAULTS_1139, p]), '', p);
    }
    assert.equal(await syncFolder(tempDir(), []), '', 'no repository');
  });

  it('tells sync files from data', () => {
    assert.ok(isSyncPath('.runlens-sync-00ff', '.git'));
    assert.ok(isSyncPath('.git/.runlens-sync-00ff', '.git'));
    assert.ok(!isSyncPath('.git/.runlens-sync-00ff', ''), 'the root only: a data file of that name elsewhere is data');
    assert.ok(!isSyncPath('data/.runlens-sync-00ff', '.git'));
  });
});
