// Hostile metrics.jsonl content (issue 10 items 4 and 7): a record over the 1 MiB cap is one bad
// line and processing goes on after it, a huge unterminated last line is consumed once, records
// with impossible times are bad lines, and a damaged series file is read around, never a failure.
import * as assert from 'node:assert/strict';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isBadLine, parseMetricRecord } from '../../../src/core/metrics/record';
import { ingestRun } from '../../../src/core/series/ingest';
import { MAX_RECORD_BYTES, readLines } from '../../../src/core/series/jsonl';
import { RunStore } from '../../../src/core/store/store';
import { tempWorkspace } from './helpers/util';

const base = { experiment: null, command: ['x'], shell: false, cwd: '/w', params: {}, env: {} };
const line = (step: number, v: number): string => `{"t": ${1000 + step}, "step": ${step}, "metrics": {"m": ${v}}}\n`;
/** A syntactically plausible record of `bytes` bytes (without its newline). */
const huge = (bytes: number): string => {
  const head = '{"step": 9, "metrics": {"m": 1}, "pad": "';
  return `${head}${'x'.repeat(bytes - head.length - 2)}"}`;
};

describe('metrics.jsonl limits', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => { ws = tempWorkspace(); });
  afterEach(() => ws.cleanup());

  it('skips a line over 1 MiB as one bad line and keeps the lines around it', async () => {
    const file = join(ws.dir, 'm.jsonl');
    writeFileSync(file, line(0, 1) + huge(MAX_RECORD_BYTES + 1) + '\n' + huge(MAX_RECORD_BYTES) + '\n' + line(1, 2));
    const chunk = await readLines(file, 0, false);
    assert.equal(chunk.overlong, 1);
    assert.equal(chunk.lines.length, 3, 'a line of exactly the cap is still read');
    assert.equal(chunk.end, readFileSync(file).length);
  });

  it('goes on ingesting after a line over 32 MiB (it used to stop for good)', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun(base);
    appendFileSync(w.metricsFile, line(0, 1) + huge(33 * 1024 * 1024) + '\n' + line(1, 2));
    const first = await ingestRun(w.dir);
    assert.equal(first?.records, 2);
    assert.equal(first?.bad, 1);
    appendFileSync(w.metricsFile, line(2, 3));
    assert.equal((await ingestRun(w.dir))?.records, 1);
    assert.deepEqual([...(await store.readSeries(w.id, 'm')).values], [1, 2, 3]);
  });

  it('consumes a huge unterminated last line once, counts it once, and skips its rest when it ends', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun(base);
    appendFileSync(w.metricsFile, line(0, 1) + huge(8 * 1024 * 1024));
    const first = await ingestRun(w.dir);
    assert.deepEqual([first?.records, first?.bad], [1, 1]);
    const size = readFileSync(w.metricsFile).length;
    assert.equal(first?.state.offset, size, 'the next read starts after what was already judged');
    const again = await readLines(w.metricsFile, size, false);
    assert.deepEqual([again.lines, again.end], [[], size]);
    // The writer finishes its line, then logs on: the rest is skipped, nothing is counted twice.
    appendFileSync(w.metricsFile, `${'y'.repeat(1000)}"}\n${line(1, 2)}`);
    const second = await ingestRun(w.dir, { final: true });
    assert.deepEqual([second?.records, second?.bad], [1, 0]);
    assert.equal(second?.state.bad, 1);
    assert.deepEqual([...(await store.readSeries(w.id, 'm')).values], [1, 2]);
  });

  it('refuses records whose time no date can hold, and accepts 1970 to 9999', () => {
    for (const t of ['1e300', '-5', '"yesterday"', '253402300800', '1e20']) {
      const r = parseMetricRecord(`{"t": ${t}, "metrics": {"m": 1}}`, 0);
      assert.ok(isBadLine(r), `t ${t}`);
      assert.match(r.error, /"t" is not a Unix time in seconds between 1970 and 9999/);
      assert.ok(isBadLine(parseMetricRecord(`{"t": ${t}, "params": {"p": 1}}`, 0)), `params line with t ${t}`);
    }
    for (const t of [0, 1796613695.25, 253402300799]) {
      const r = parseMetricRecord(`{"t": ${t}, "metrics": {"m": 1}}`, 0);
      assert.ok(!isBadLine(r) && r.time === t * 1000, `t ${t}`);
    }
  });

  it('reads a run whose series file was garbled from metrics.jsonl, with a warning', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun(base);
    await w.markStarted({ host: 'h', supervisorPid: process.pid, childPid: null }, {});
    appendFileSync(w.metricsFile, line(0, 1) + line(1, 2));
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
    const file = join(w.dir, 'series', '0.f64');
    const bytes = readFileSync(file);
    bytes.writeDoubleLE(1e300, 8); // the first point's time
    writeFileSync(file, bytes);
    const s = await store.readSeries(w.id, 'm');
    assert.deepEqual([...s.values], [1, 2]);
    assert.deepEqual([...s.times], [1_000_000, 1_001_000]);
    assert.match(s.warnings?.[0] ?? '', /stored series of "m" is damaged.*read from metrics\.jsonl/);
    const again = await store.readSeries(w.id, 'm');
    assert.deepEqual([again.warnings, [...again.values]], [undefined, [1, 2]], 'the finished run\'s series were rebuilt');
  });
});
