// Parallel edits of one run through the real CLI (issue 10 item 2): each `tag`, `star`, `note` and
// `rename` applies its change to run.json as it is under the run's lock, so none undoes another.
import * as assert from 'node:assert/strict';
import { cleanup, listRuns, runCli, tempWorkspace } from './harness';

describe('runlens edits in parallel', function () {
  this.timeout(60_000);
  let ws: string;
  beforeEach(() => {
    ws = tempWorkspace();
  });
  afterEach(() => cleanup(ws));

  it('eight parallel `tag RUN x` calls keep all eight tags', async () => {
    assert.equal((await runCli(['run', '--name', 'target', '--', 'node', '-e', '0'], ws)).code, 0);
    const tags = Array.from({ length: 8 }, (_, i) => `t${i}`);
    const results = await Promise.all(tags.map((t) => runCli(['tag', 'target', t], ws)));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const [run] = await listRuns(ws);
    assert.deepEqual([...(run?.tags ?? [])].sort(), tags);
  });

  it('parallel tag, untag, star, note and rename all land', async () => {
    assert.equal((await runCli(['run', '--name', 'busy', '--', 'node', '-e', '0'], ws)).code, 0);
    assert.equal((await runCli(['tag', 'busy', 'old', 'keep'], ws)).code, 0);
    const [run] = await listRuns(ws);
    const id = run?.id ?? '';
    const results = await Promise.all([
      runCli(['tag', id, 'new1'], ws),
      runCli(['tag', id, 'old', '--remove'], ws),
      runCli(['tag', id, 'new2'], ws),
      runCli(['star', id], ws),
      runCli(['note', id, 'checked'], ws),
      runCli(['rename', id, 'renamed'], ws),
    ]);
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const [after] = await listRuns(ws);
    assert.deepEqual([...(after?.tags ?? [])].sort(), ['keep', 'new1', 'new2']);
    assert.equal(after?.starred, true);
    assert.equal(after?.note, 'checked');
    assert.equal(after?.name, 'renamed');
  });
});
