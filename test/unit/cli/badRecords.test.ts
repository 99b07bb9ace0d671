// Bad timestamps through the real CLI (issue 10 item 7): a record with `"t": 1e300` is a bad line,
// and `metrics RUN` (table, CSV, JSON) still prints every good point of the run.
import * as assert from 'node:assert/strict';
import { cleanup, onlyRun, runCli, tempWorkspace } from './harness';

const WRITER = `
const fs = require('fs');
fs.appendFileSync(process.env.RUNLENS_RUN_DIR + '/metrics.jsonl',
  '{"t": 1796613695, "step": 0, "metrics": {"loss": 1}}\\n' +
  '{"t": 1e300, "step": 1, "metrics": {"loss": 2}}\\n' +
  '{"t": 1796613697, "step": 2, "metrics": {"loss": 3}}\\n');
`;

describe('runlens metrics with bad timestamps', function () {
  this.timeout(60_000);
  let ws: string;
  beforeEach(() => {
    ws = tempWorkspace({ 'w.js': WRITER });
  });
  afterEach(() => cleanup(ws));

  it('counts a record with t = 1e300 as a bad line and prints the others as table, CSV and JSON', async () => {
    assert.equal((await runCli(['run', '--name', 'a', '--', 'node', 'w.js'], ws)).code, 0);
    assert.equal((await onlyRun(ws)).badMetricLines, 1);
    const table = await runCli(['metrics', 'a'], ws);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.out, /loss \(2 points\)/);
    assert.match(table.out, /^0\s+2026-12-07T03:21:35\.000Z\s+1$/m);
    const csv = await runCli(['metrics', 'a', '--csv'], ws);
    assert.equal(csv.code, 0, csv.stderr);
    assert.equal(csv.out, 'metric,step,time,value\nloss,0,2026-12-07T03:21:35.000Z,1\nloss,2,2026-12-07T03:21:37.000Z,3\n');
    const json = await runCli(['metrics', 'a', '--json'], ws);
    assert.equal(json.code, 0, json.stderr);
    assert.deepEqual((JSON.parse(json.out) as { metrics: { loss: { times: number[] } } }).metrics.loss.times, [1796613695000, 1796613697000]);
  });
});
