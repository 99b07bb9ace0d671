// Params a script logs itself (`runlens.log_params`) reach every CLI view of a run: a real Python
// training script run by the built CLI, then show (text and --json), ls --filter, compare and diff.
import * as assert from 'node:assert/strict';
import { cleanup, listRuns, runCli, tempWorkspace } from './harness';
import { declaredParams } from '../../../src/core/params/logged';
import { type RunManifest } from '../../../src/core/model';

const CONFIG = `experiments:
  train:
    command: python3 train.py --lr \${lr}
    params:
      lr: 0.1
`;

/** The README's first client example: the script logs its own params (one also declared). */
const TRAIN = `
import sys, runlens
arch = "mlp" if float(sys.argv[2]) < 0.5 else "cnn"
runlens.log_params({"arch": arch, "seed": 7, "lr": 123})
runlens.log({"loss": 0.5}, step=0)
`;

describe('runlens: params logged by the script', function () {
  this.timeout(60_000);
  let ws: string;
  const byName = new Map<string, RunManifest>();

  before(async () => {
    ws = tempWorkspace({ 'runlens.yaml': CONFIG, 'train.py': TRAIN });
    for (const [name, lr] of [['small', '0.1'], ['large', '0.9']] as const) {
      const r = await runCli(['run', 'train', '-p', `lr=${lr}`, '--name', name, '--no-hash'], ws);
      assert.equal(r.code, 0, r.stderr);
    }
    for (const m of await listRuns(ws)) byName.set(m.name, m);
  });
  after(() => cleanup(ws));

  it('folds logged params into the run\'s params; a declared param keeps its declared value', () => {
    const small = byName.get('small');
    assert.ok(small);
    assert.deepEqual({ ...small.params }, { lr: 0.1, arch: 'mlp', seed: 7 });
    assert.deepEqual(small.loggedParams, ['arch', 'seed']);
    assert.deepEqual(declaredParams(small), { lr: 0.1 }, 'a rerun or reproduction passes only the declared ones');
  });

  it('show lists them, marked as logged, and --json carries them', async () => {
    const text = await runCli(['show', 'small'], ws);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.out, /^arch\s+mlp\s+logged by the script$/m);
    assert.match(text.out, /^lr\s+0\.1\s+passed by Runlens$/m);
    const json = JSON.parse((await runCli(['show', 'small', '--json'], ws)).out) as RunManifest;
    assert.equal(json.params.seed, 7);
    assert.deepEqual(json.loggedParams, ['arch', 'seed']);
  });

  it('compare and diff show a logged param that differs', async () => {
    const cmp = await runCli(['compare', 'small', 'large'], ws);
    assert.equal(cmp.code, 0, cmp.stderr);
    assert.match(cmp.out, /\barch\s+mlp\s+cnn\b/);
    const diff = await runCli(['diff', 'small', 'large'], ws);
    assert.equal(diff.code, 0, diff.stderr);
    assert.match(diff.out, /arch/);
    assert.match(diff.out, /mlp/);
    assert.match(diff.out, /cnn/);
  });
});
