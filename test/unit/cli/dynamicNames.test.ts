// Metric and param names that are also Object.prototype members (`__proto__`, `constructor`,
// `toString`) through the real CLI (issue 10 item 8): each is an ordinary name in every output.
import * as assert from 'node:assert/strict';
import { cleanup, runCli, tempWorkspace } from './harness';

// A raw JSON line: a JS object literal would turn "__proto__" into a prototype before it is written.
const WRITER = `
const fs = require('fs');
fs.appendFileSync(process.env.RUNLENS_RUN_DIR + '/metrics.jsonl',
  '{"t": 1796613695, "step": 1, "metrics": {"__proto__": 1, "constructor": 2, "toString": "NaN", "loss": 3}}\\n');
`;

describe('runlens with names like __proto__', function () {
  this.timeout(60_000);
  let ws: string;
  beforeEach(() => {
    ws = tempWorkspace({ 'w.js': WRITER });
  });
  afterEach(() => cleanup(ws));

  it('keeps __proto__, constructor and toString in metrics, show, ls and compare (--json and text)', async () => {
    assert.equal((await runCli(['run', '--name', 'a', '--', 'node', 'w.js', '--__proto__', '5', '--constructor', '6'], ws)).code, 0);
    assert.equal((await runCli(['run', '--name', 'b', '--', 'node', '-e', '0'], ws)).code, 0);
    const names = ['__proto__', 'constructor', 'loss', 'toString'];

    const metrics = JSON.parse((await runCli(['metrics', 'a', '--json'], ws)).out) as { metrics: Record<string, { values: unknown[] }> };
    assert.deepEqual(Object.keys(metrics.metrics).sort(), names);
    assert.deepEqual(Object.getOwnPropertyDescriptor(metrics.metrics, '__proto__')?.value, { steps: [1], times: [1796613695000], values: [1] });

    const show = JSON.parse((await runCli(['show', 'a', '--json'], ws)).out) as { params: object; metrics: object };
    assert.deepEqual(Object.keys(show.metrics).sort(), names);
    assert.deepEqual(Object.keys(show.params).sort(), ['__proto__', 'constructor']);

    const compare = JSON.parse((await runCli(['compare', 'a', 'b', '--json'], ws)).out) as { params: object; metrics: Record<string, unknown[]> };
    assert.deepEqual(Object.keys(compare.params).sort(), ['__proto__', 'constructor']);
    assert.deepEqual(Object.keys(compare.metrics).sort(), names);
    // b logged nothing: no inherited member (Object, Object.prototype.toString) stands in for its value.
    assert.deepEqual((Object.getOwnPropertyDescriptor(compare.metrics, 'constructor')?.value as unknown[] | undefined)?.[1], null);
    assert.deepEqual((Object.getOwnPropertyDescriptor(compare.metrics, 'toString')?.value as unknown[] | undefined)?.[1], null);

    const text = (await runCli(['compare', 'a', 'b'], ws)).out;
    assert.match(text, /^__proto__\s+1 \[1\.\.1\]\s+-/m);
    const ls = (await runCli(['ls', '--sort', 'constructor'], ws));
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.out, /DURATION\s+constructor\s+__proto__\s+loss/);
    assert.match(ls.out, /\s+a\s+finished.*\s2\s+1\s+3\s*$/m);
  });
});
