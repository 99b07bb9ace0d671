// `outputs:` expands `${param}` like the command does: each run of a sweep hashes its own file
// (real CLI, real files); an output naming no param is a config error with its position.
import * as assert from 'node:assert/strict';
import { parseConfig } from '../../../src/core/config/config';
import { cleanup, listRuns, runCli, tempWorkspace } from '../cli/harness';

const CONFIG = `experiments:
  train:
    command: python3 train.py \${lr}
    params: { lr: 0.1 }
    outputs:
      - out/model-\${lr}.txt
`;
const TRAIN = `
import os, sys
os.makedirs("out", exist_ok=True)
open("out/model-" + sys.argv[1] + ".txt", "w").write("weights " + sys.argv[1])
`;

describe('outputs with ${param}', function () {
  this.timeout(60_000);
  let ws: string;
  before(() => { ws = tempWorkspace({ 'runlens.yaml': CONFIG, 'train.py': TRAIN }); });
  after(() => cleanup(ws));

  it('each run records and hashes the output its own params name', async () => {
    const r = await runCli(['sweep', 'train', '--grid', 'lr=0.1,0.2'], ws);
    assert.equal(r.code, 0, r.stderr);
    const runs = await listRuns(ws);
    assert.equal(runs.length, 2);
    for (const m of runs) {
      const out = m.data?.outputs[0];
      assert.equal(out?.spec, `out/model-${String(m.params.lr)}.txt`);
      assert.equal(out?.files, 1, 'the file was found and hashed');
      assert.equal(out?.missing, false);
    }
    assert.notEqual(runs[0]?.data?.outputs[0]?.hash, runs[1]?.data?.outputs[0]?.hash);
  });

  it('reports an output placeholder that names no param', () => {
    const c = parseConfig('experiments:\n  t:\n    command: x\n    params: { lr: 1 }\n    outputs: ["m-${lrr}.pt"]\n', 'runlens.yaml');
    assert.equal(c.problems.length, 1);
    assert.match(c.problems[0]?.message ?? '', /\$\{lrr\} is not a declared param; declare it under params \(declared: lr\)/);
    assert.equal(c.problems[0]?.line, 5);
  });
});
