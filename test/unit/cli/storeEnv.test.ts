// RUNLENS_STORE: the CLI uses the store the editor's `runlens.storePath` setting names when the
// variable is set (relative to the workspace), and `.runlens` otherwise.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { storeDirFromEnv } from '../../../src/core/store/location';
import { RunStore } from '../../../src/core/store/store';
import { cleanup, cliEnv, runCli, tempWorkspace } from './harness';

describe('runlens: RUNLENS_STORE', () => {
  it('resolves the variable against the workspace, and ignores it when blank', () => {
    assert.equal(storeDirFromEnv('/ws', { RUNLENS_STORE: 'runs/store' }), '/ws/runs/store');
    assert.equal(storeDirFromEnv('/ws', { RUNLENS_STORE: '/abs/store' }), '/abs/store');
    assert.equal(storeDirFromEnv('/ws', { RUNLENS_STORE: '  ' }), undefined);
    assert.equal(storeDirFromEnv('/ws', {}), undefined);
  });

  it('records runs in the named store and lists them from there', async function () {
    this.timeout(30_000);
    const ws = tempWorkspace();
    try {
      const env = cliEnv({ RUNLENS_STORE: 'custom-store' });
      const run = await runCli(['run', '--name', 'elsewhere', '--', process.execPath, '-e', 'console.log("hi")'], ws, env);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(existsSync(join(ws, 'custom-store', 'runs')), 'the store is where RUNLENS_STORE says');
      assert.ok(!existsSync(join(ws, '.runlens')), 'the default store was not created');
      const runs = await RunStore.open(ws, { storeDir: join(ws, 'custom-store') }).listRuns();
      assert.deepEqual(runs.map((r) => r.name), ['elsewhere']);
      const ls = await runCli(['ls', '--json'], ws, env);
      assert.match(ls.out, /"elsewhere"/);
      const lsDefault = await runCli(['ls', '--json'], ws, cliEnv());
      assert.doesNotMatch(lsDefault.out, /"elsewhere"/);
    } finally {
      cleanup(ws);
    }
  });
});
