// The detail view's readers on real files: series read with the offset live updates continue from
// (no point twice, none missed, even across an ingest), and the bounded, lenient log tail.
import * as assert from 'node:assert/strict';
import { appendFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pointsByMetric, readDetailSeries } from '../../../../src/views/detail/series';
import { MAX_LINE_CHARS, readLogFrom, skippedNote, splitLines } from '../../../../src/views/detail/logLines';
import { readLines } from '../../../../src/core/series/jsonl';
import { loadState, readPoints } from '../../../../src/core/series/state';
import { RunStore } from '../../../../src/core/store/store';
import { tempWorkspace } from '../../store/helpers/util';

describe('detail readers', () => {
  let ws: { dir: string; cleanup: () => void };
  beforeEach(() => { ws = tempWorkspace(); });
  afterEach(() => ws.cleanup());

  async function liveRun(store: RunStore) {
    const w = await store.createRun({ name: 'r', experiment: null, command: ['python', 'x.py'], shell: false, cwd: ws.dir, params: {}, env: {} });
    await w.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, {});
    return w;
  }

  it('reads ingested and not-yet-ingested points, and tails from the returned offset without overlap', async () => {
    const store = RunStore.open(ws.dir);
    const w = await liveRun(store);
    await w.appendMetrics([1, 2].map((step) => ({ time: 1000 + step, step, values: { loss: step * 10 } })));
    await w.ingest();
    await w.appendMetrics([{ time: 1003, step: 3, values: { loss: 30, acc: 0.5 } }]);
    const first = await readDetailSeries(store.runDir(w.id), ['loss', 'never-logged'], { terminal: false });
    const loss = first.series.find((s) => s.metric === 'loss');
    assert.deepEqual([...(loss?.values ?? [])], [10, 20, 30]);
    assert.deepEqual(first.series.map((s) => s.metric).sort(), ['acc', 'loss', 'never-logged'], 'a metric not in the manifest yet is read too');
    assert.equal(first.series.find((s) => s.metric === 'never-logged')?.total, 0);

    await w.ingest(); // the writer ingests meanwhile: the offset still marks what the page has
    await w.appendMetrics([{ time: 1004, step: 4, values: { loss: 40 } }]);
    const tail = await store.tailMetrics(w.id, first.offset);
    const next = pointsByMetric(tail.records);
    assert.deepEqual([...(next.get('loss') ?? [])], [4, 1004, 40]);
    assert.equal(next.has('acc'), false);
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
  });

  it('never mixes the series of a run with the metrics of the run replacing it between two reads', async () => {
    const store = RunStore.open(ws.dir);
    // The run as the reader finds it: 10 points, ingested into the binary series.
    const old = await liveRun(store);
    await old.appendMetrics(Array.from({ length: 10 }, (_, i) => ({ time: 1000 + i, step: i, values: { loss: i } })));
    await old.ingest();
    // Its replacement, as a pull of the author's update brings it: longer, other values, not ingested.
    const other = RunStore.open(join(ws.dir, 'elsewhere'));
    const next = await liveRun(other);
    await next.appendMetrics(Array.from({ length: 30 }, (_, i) => ({ time: 2000 + i, step: i, values: { loss: 100 + i } })));
    const dir = store.runDir(old.id);
    let replaced = 0;
    const sources = {
      loadState: async (runDir: string) => {
        const state = await loadState(runDir);
        if (replaced++ === 0) {
          // Renamed into place whole right after the reader loaded the old run's series state.
          renameSync(dir, `${dir}.old`);
          renameSync(other.runDir(next.id), dir);
        }
        return state;
      },
      readPoints, readLines,
    };
    const read = await readDetailSeries(dir, ['loss'], { terminal: false, sources });
    assert.ok(replaced >= 2, 'the read was done again');
    assert.deepEqual([...(read.series.find((s) => s.metric === 'loss')?.values ?? [])], Array.from({ length: 30 }, (_, i) => 100 + i));
    assert.equal(read.offset, statSync(join(dir, 'metrics.jsonl')).size);
    await old.finish({ status: 'finished', exitCode: 0, signal: null }).catch(() => undefined); // its folder was moved away
    await next.finish({ status: 'finished', exitCode: 0, signal: null }).catch(() => undefined); // as above
  });

  it('leaves a live run\'s partial last line for later and counts a finished run\'s', async () => {
    const store = RunStore.open(ws.dir);
    const w = await liveRun(store);
    const path = join(store.runDir(w.id), 'metrics.jsonl');
    appendFileSync(path, '{"t":1,"step":1,"metrics":{"loss":1}}\n{"t":2,"step":2,"metrics":{"lo');
    const live = await readDetailSeries(store.runDir(w.id), ['loss'], { terminal: false });
    assert.equal(live.series[0]?.total, 1);
    appendFileSync(path, 'ss":2}}\n');
    const rest = await store.tailMetrics(w.id, live.offset);
    assert.deepEqual(rest.records.map((r) => r.values.loss), [2]);
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
  });

  it('downsamples a long series to the chart budget, keeping extremes and non-finite values', async () => {
    const store = RunStore.open(ws.dir);
    const w = await liveRun(store);
    const records = Array.from({ length: 5000 }, (_, i) => ({ time: i, step: i, values: { loss: i === 2500 ? -99 : i === 100 ? NaN : i } }));
    await w.appendMetrics(records);
    const r = await readDetailSeries(store.runDir(w.id), ['loss'], { terminal: false, maxPoints: 1000 });
    const s = r.series[0];
    assert.ok(s);
    assert.equal(s.total, 5000);
    assert.equal(s.values.length, 1000);
    assert.equal(Math.min(...s.mins.filter((v) => !Number.isNaN(v))), -99);
    assert.ok(s.nanCounts.some((n) => n > 0));
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
  });

  it('reads a log tail bounded in bytes and lines, starting at a whole line, decoding invalid UTF-8 leniently', async () => {
    const path = join(ws.dir, 'output.log');
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${i}`);
    writeFileSync(path, Buffer.concat([Buffer.from(`${lines.join('\n')}\n\u001b[31mred\u001b[0m \xff`, 'latin1'), Buffer.from([0xc3]), Buffer.from('\n')]));
    const all = await readLogFrom(path, 0, { final: false, maxLines: 500 });
    assert.equal(all.lines.length, 500);
    assert.equal(all.lines[0], 'line 2501');
    assert.equal(all.lines.at(-1), 'red \ufffd\ufffd', 'escape codes stripped, invalid bytes replaced');

    const small = await readLogFrom(path, 0, { final: false, maxBytes: 100 });
    assert.ok(small.skippedBytes > 0);
    assert.match(small.lines[0] ?? '', /^line \d+$/, 'the first line shown is whole');
    assert.match(skippedNote(small.skippedBytes, path), /are not shown/);
    assert.equal(skippedNote(0, path), '');

    appendFileSync(path, 'next\npart');
    const more = await readLogFrom(path, all.offset, { final: false });
    assert.deepEqual(more.lines, ['next'], 'a partial line waits for its newline');
    const end = await readLogFrom(path, more.offset, { final: true });
    assert.deepEqual(end.lines, ['part'], 'a finished run\'s last partial line is shown');
    assert.deepEqual((await readLogFrom(join(ws.dir, 'missing.log'), 0, { final: true })).lines, []);
  });

  it('splits lines the way a terminal would show them', () => {
    assert.deepEqual(splitLines('a\r\nb\n'), ['a', 'b']);
    assert.deepEqual(splitLines('10%\r50%\r100%\n'), ['100%']);
    const long = splitLines(`${'x'.repeat(MAX_LINE_CHARS + 10)}\n`)[0] ?? '';
    assert.ok(long.endsWith('[10 more characters]'));
    assert.deepEqual(splitLines(''), []);
  });
});
