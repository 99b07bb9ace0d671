// The demo workspace of `npm start` (issue 11 item 10): two commits, and one run made with an
// uncommitted edit, so the dirty marker and "Open diff against HEAD" have something to show.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore } from '../../../src/core/store/store';
import { makeDemoWorkspace } from '../../runners/demoWorkspace';

describe('demo workspace', function () {
  this.timeout(60_000);
  const home = mkdtempSync(join(tmpdir(), 'runlens-demo-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('has history and a run with uncommitted changes in its snapshot', async () => {
    const ws = join(home, 'iris-classifier');
    makeDemoWorkspace(ws);
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: ws, encoding: 'utf8' }).trim();
    assert.equal(git('rev-list', '--count', 'HEAD'), '2');
    assert.match(git('status', '--porcelain'), /train\.py/, 'the work in progress is still uncommitted');
    const runs = await RunStore.open(ws).listRuns();
    assert.equal(runs.length, 5);
    assert.ok(runs.every((r) => r.status === 'finished'), runs.map((r) => `${r.name} ${r.status}`).join(', '));
    const dirty = runs.filter((r) => r.code?.dirty);
    assert.equal(dirty.length, 1, 'exactly one run was made with an uncommitted edit');
    assert.deepEqual(dirty[0]?.code?.changed, ['train.py']);
    assert.ok(dirty[0]?.code?.snapshot?.commit, 'its snapshot keeps the edit');
    const commits = new Set(runs.map((r) => r.code?.commit));
    assert.equal(commits.size, 2, 'runs on both commits');
  });
});
