// A catastrophic metric pattern (nested quantifiers on a long line) no longer hangs the
// supervisor: matching runs in a worker with a time budget, the pattern is disabled with a warning
// naming it, other patterns keep working, and SIGTERM still stops the run. Real CLI, real child.
import * as assert from 'node:assert/strict';
import { cleanup, collect, onlyRun, startCli, tempWorkspace, waitForFile } from '../cli/harness';
import { join } from 'node:path';
import { createStdoutParser } from '../../../src/core/metrics/stdout';

const EVIL = '^(?<x>(a+)+)$';
const CONFIG = `version: 1
experiments:
  train:
    command: node train.js \${mode}
    params: { mode: exit }
    metrics:
      patterns:
        - regex: '${EVIL}'
        - regex: 'loss=(?<loss>[0-9.]+)'
`;
// Against 'a' * 40 + 'b' the first pattern backtracks through 2^40 ways before failing.
const TRAIN = `
const fs = require('fs');
console.log('loss=1');
console.log('a'.repeat(40) + 'b');
console.log('loss=2');
if (process.argv[2] === 'wait') {
  fs.writeFileSync('ready', '');
  setInterval(() => {}, 1000);
}
`;

describe('metric patterns with a time budget', function () {
  this.timeout(60_000);
  let ws: string;
  beforeEach(() => {
    ws = tempWorkspace({ 'runlens.yaml': CONFIG, 'train.js': TRAIN });
  });
  afterEach(() => cleanup(ws));

  it('disables a pattern that blows its budget, names it, and keeps the other patterns', async () => {
    const r = await collect(startCli(['run', 'train'], ws));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /runlens: warning: metric pattern "\^\(\?<x>\(a\+\)\+\)\$" took more than 1000 ms on one line and is disabled for the rest of the run/);
    assert.equal(r.stderr.match(/took more than/g)?.length, 1, 'reported once');
    const m = await onlyRun(ws);
    assert.equal(m.status, 'finished');
    assert.equal(m.metrics.loss?.last, 2, 'the line after the evil one was still matched');
    assert.equal(m.metrics.loss?.count, 2);
  });

  it('SIGTERM stops a run whose output hit a catastrophic pattern', async () => {
    const proc = startCli(['run', 'train', '-p', 'mode=wait'], ws);
    const result = collect(proc);
    await waitForFile(join(ws, 'ready'));
    proc.kill('SIGTERM');
    const r = await result;
    assert.match(r.stderr, /is disabled for the rest of the run/);
    assert.equal((await onlyRun(ws)).status, 'stopped');
  });

  it('the parser keeps records in line order across marker and pattern lines', () => {
    const parser = createStdoutParser([{ regex: 'loss=(?<loss>[0-9.]+)' }], () => 5);
    const records = parser.push(Buffer.from('loss=1\n@runlens {"step":7,"metrics":{"acc":0.5}}\nnoise\nloss=3\n'));
    records.push(...parser.flush());
    assert.deepEqual(records.map((r) => Object.keys(r.values)[0]), ['loss', 'acc', 'loss']);
    assert.deepEqual(records.map((r) => r.step), [null, 7, null]);
  });
});
