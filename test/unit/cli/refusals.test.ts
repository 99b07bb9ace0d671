// Mistakes refused before anything runs, with a message that says what to do: an output outside
// the workspace, and a damaged store format file.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, listRuns, runCli, tempWorkspace } from './harness';

const CONFIG = `version: 1
experiments:
  escape:
    command: node write.js
    outputs: [out/model.txt, ../elsewhere/model.txt]
  grid:
    command: node -e 0
    params: { a: 0, b: 0 }
`;

describe('runlens refuses before it runs', function () {
  this.timeout(30_000);
  let ws: string;
  beforeEach(() => {
    ws = tempWorkspace({ 'runlens.yaml': CONFIG, 'write.js': "require('fs').writeFileSync('ran', '1');\n" });
  });
  afterEach(() => cleanup(ws));

  for (const extra of [[], ['--no-hash']]) {
    it(`an output outside the workspace is refused before the run starts${extra.length > 0 ? ' (also with --no-hash)' : ''}`, async () => {
      const r = await runCli(['run', 'escape', ...extra], ws);
      assert.equal(r.code, 4, r.stderr);
      assert.match(r.stderr, /runlens: error: Output "\.\.\/elsewhere\/model\.txt": "\.\." is not allowed: outputs are paths inside the workspace/);
      assert.match(r.stderr, /fix the outputs of the experiment in runlens\.yaml/);
      assert.ok(!existsSync(join(ws, 'ran')), 'the command did not run');
      assert.deepEqual(await listRuns(ws).catch(() => []), []);
    });
  }

  it('a damaged format.json says to restore or remove it', async () => {
    mkdirSync(join(ws, '.runlens'), { recursive: true });
    writeFileSync(join(ws, '.runlens', 'format.json'), '{"format": 1, "kind": "runl');
    const ls = await runCli(['ls'], ws);
    assert.equal(ls.code, 1);
    assert.match(ls.stderr, /format\.json is not valid JSON/);
    assert.match(ls.stderr, /restore .*format\.json from a backup, or remove it: Runlens then writes a new one for format 1/);
    assert.doesNotMatch(ls.stderr, /RUNLENS_DEBUG/);
    writeFileSync(join(ws, '.runlens', 'format.json'), '{"format": "one"}');
    assert.match((await runCli(['ls'], ws)).stderr, /unknown store format \("one"\)[^\n]*\n\s+restore/);
  });

  it('a sweep grid over --max-points (default 10000) is refused before anything is queued', async () => {
    const big = await runCli(['sweep', 'grid', '--grid', 'a=1,2', '--grid', 'b=1,2,3', '--max-points', '5'], ws);
    assert.equal(big.code, 2, big.stderr);
    assert.match(big.stderr, /the sweep grid has 6 points, more than the limit of 5; nothing was queued\. Shorten the value lists, or pass --max-points 6/);
    assert.deepEqual(await listRuns(ws).catch(() => []), []);
    const huge = await runCli(['sweep', 'grid', '--grid', `a=${Array.from({ length: 200 }, (_, i) => i).join(',')}`, '--grid', `b=${Array.from({ length: 100 }, (_, i) => i).join(',')}`], ws);
    assert.equal(huge.code, 2, huge.stderr);
    assert.match(huge.stderr, /20,000 points, more than the limit of 10,000/);
    const ok = await runCli(['sweep', 'grid', '--grid', 'a=1,2', '--max-points', '2'], ws);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal((await listRuns(ws)).length, 2);
  });
});
