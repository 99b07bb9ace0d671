// The Python client and the TypeScript reader agree: every line the client writes (metrics,
// params, summary, NaN/Inf, from threads) is accepted by parseMetricRecord with its values intact.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type MetricRecord, isBadLine, parseMetricRecord } from '../../../src/core/metrics/record';

const CLIENT = resolve(__dirname, '../../../../src/python');

const SCRIPT = `
import threading, runlens
with runlens.run(params={"lr": 0.01, "arch": "mlp", "layers": [2, 3]}):
    runlens.log({"loss": 0.5, "acc": 1, "flag": True}, step=0)
    runlens.log({"nan": float("nan"), "inf": float("inf"), "ninf": float("-inf")}, step=1)
    runlens.log({"big": 1e300, "tiny": -5e-324, "uni\\u00e9/x": 2.0})
    ts = [threading.Thread(target=lambda k=k: [runlens.log({"k": k}, step=100 + i) for i in range(500)]) for k in range(4)]
    for t in ts: t.start()
    for t in ts: t.join()
    runlens.summary({"test_acc": 0.93})
`;

describe('Python client output read by the TypeScript parser', () => {
  it('writes only lines parseMetricRecord accepts, with values intact', () => {
    const dir = mkdtempSync(join(tmpdir(), 'runlens-pyclient-'));
    try {
      const r = spawnSync('python3', ['-c', SCRIPT], {
        env: { ...process.env, PYTHONPATH: CLIENT, RUNLENS_RUN_DIR: dir, PYTHONDONTWRITEBYTECODE: '1' },
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      const lines = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').split('\n');
      assert.equal(lines.pop(), '', 'ends with a newline');
      const records: MetricRecord[] = lines.map((line) => {
        const rec = parseMetricRecord(line, 0);
        if (isBadLine(rec)) assert.fail(`${rec.error}: ${line}`);
        return rec;
      });
      assert.equal(records.length, 1 + 3 + 2000 + 1);
      assert.deepEqual({ ...records[0]?.params }, { lr: 0.01, arch: 'mlp', layers: '[2, 3]' });
      assert.deepEqual({ ...records[1]?.values }, { loss: 0.5, acc: 1, flag: 1 });
      assert.deepEqual({ ...records[2]?.values }, { nan: NaN, inf: Infinity, ninf: -Infinity });
      assert.deepEqual({ ...records[3]?.values }, { big: 1e300, tiny: -5e-324, 'unié/x': 2 });
      assert.equal(records[3]?.step, null);
      const threaded = records.slice(4, 2004);
      assert.equal(new Set(threaded.map((x) => `${x.values.k}:${x.step}`)).size, 2000);
      const last = records[2004];
      assert.equal(last?.summary, true);
      assert.deepEqual({ ...last?.values }, { test_acc: 0.93 });
      const now = Date.now();
      assert.ok(records.every((x) => Math.abs(x.time - now) < 60_000), 'wall-clock times in ms');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
