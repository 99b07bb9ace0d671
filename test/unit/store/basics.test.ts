// Store basics: ids sort by time, names unique across concurrent processes, manifests replaced
// atomically under concurrent readers, format-version refusal, bad manifests skipped, user edits.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { newRunId, isRunId } from '../../../src/core/store/ids';
import { RunStore, StoreFormatError } from '../../../src/core/store/store';
import { runChild, tempWorkspace } from './helpers/util';

const base = { experiment: 'train', command: ['python', 'train.py'], shell: false, cwd: '/w', params: { lr: 0.1 }, env: {} };

describe('store basics', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => { ws = tempWorkspace(); });
  afterEach(() => ws.cleanup());

  it('creates ids that sort by creation time, even within one millisecond', () => {
    const ids = Array.from({ length: 1000 }, () => newRunId(1_700_000_000_000));
    assert.ok(ids.every(isRunId));
    assert.deepEqual([...ids].sort(), ids);
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(newRunId(Date.UTC(2030, 0, 1)) > ids[ids.length - 1]!);
  });

  it('lays out the store with its own .gitignore and format file', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun(base);
    assert.equal(readFileSync(join(ws.dir, '.runlens', '.gitignore'), 'utf8').split('\n').includes('*'), true);
    assert.equal((JSON.parse(readFileSync(join(ws.dir, '.runlens', 'format.json'), 'utf8')) as { format: number }).format, 1);
    assert.equal(w.dir, join(ws.dir, '.runlens', 'runs', w.id));
    assert.match(w.manifest().name, /^[a-z]+-[a-z]+-\d+$/);
    assert.equal((await store.getRun(w.id))?.status, 'queued');
  });

  it('gives unique names and ids to runs created by 4 processes at once', async function () {
    this.timeout(30_000);
    const outs = await Promise.all([1, 2, 3, 4].map(() => runChild('create', ws.dir, '40')));
    const rows = outs.join('').trim().split('\n').map((l) => l.split(' '));
    assert.equal(rows.length, 160);
    assert.equal(new Set(rows.map((r) => r[0])).size, 160);
    assert.equal(new Set(rows.map((r) => r[1])).size, 160);
    const listed = await RunStore.open(ws.dir).listRuns();
    assert.equal(listed.length, 160);
    assert.deepEqual(listed.map((m) => m.id), [...listed.map((m) => m.id)].sort().reverse());
  });

  it('finds a run by id, unique id prefix and name; refuses a taken name', async () => {
    const store = RunStore.open(ws.dir);
    const a = await store.createRun({ ...base, name: 'baseline' });
    const b = await store.createRun(base);
    assert.equal((await store.getRun('baseline'))?.id, a.id);
    assert.equal((await store.getRun('BASELINE'))?.id, a.id);
    assert.equal((await store.getRun(b.id))?.id, b.id);
    assert.equal((await store.getRun(b.id.slice(0, b.id.length - 2)))?.id, b.id);
    assert.equal(await store.getRun('2'), undefined, 'ambiguous prefix');
    await assert.rejects(store.createRun({ ...base, name: 'Baseline' }), /already used/);
    await assert.rejects(store.update(b.id, { name: 'baseline' }), /already used/);
    const renamed = await store.update(a.id, { name: 'best/🚀 run', tags: ['x', 'x', 'y'], starred: true, note: 'n' });
    assert.deepEqual([renamed.name, renamed.tags, renamed.starred, renamed.note], ['best/🚀 run', ['x', 'y'], true, 'n']);
    assert.equal((await store.getRun('best/🚀 run'))?.id, a.id);
    assert.equal(await store.getRun('baseline'), undefined);
    await store.update(b.id, { name: 'baseline' }); // the old name is free again
  });

  it('never shows a torn manifest to a reader in another process', async function () {
    this.timeout(30_000);
    const store = RunStore.open(ws.dir);
    const w = await store.createRun(base);
    const reader = runChild('read-manifest', ws.dir, '1500', w.id);
    const end = Date.now() + 1500;
    for (let i = 0; Date.now() < end; i++) await store.update(w.id, { note: 'x'.repeat(i % 5000) });
    const [reads, torn] = (await reader).trim().split(' ').map(Number);
    assert.ok(reads! > 100, `reader made only ${reads} reads`);
    assert.equal(torn, 0);
  });

  it('refuses a store written by a newer format, with a clear message', async () => {
    const store = RunStore.open(ws.dir);
    await store.createRun(base);
    writeFileSync(join(ws.dir, '.runlens', 'format.json'), '{"format": 2}');
    const fresh = RunStore.open(ws.dir);
    await assert.rejects(fresh.listRuns(), (e: unknown) => e instanceof StoreFormatError && /format 2.*reads format 1.*Update Runlens/.test(e.message));
    await assert.rejects(fresh.createRun(base), StoreFormatError);
  });

  it('skips an unreadable run.json with one warning and keeps listing the rest', async () => {
    const warnings: string[] = [];
    const store = RunStore.open(ws.dir, { onWarning: (m) => warnings.push(m) });
    const good = await store.createRun(base);
    const bad = await store.createRun(base);
    await good.finish({ status: 'finished', exitCode: 0, signal: null });
    writeFileSync(join(bad.dir, 'run.json'), '{"format": 1, "id": ');
    const other = join(ws.dir, '.runlens', 'runs', newRunId());
    mkdirSync(other);
    writeFileSync(join(other, 'run.json'), '{"format": 99}');
    for (let i = 0; i < 2; i++) assert.deepEqual((await store.listRuns()).map((m) => m.id), [good.id]);
    assert.equal(warnings.length, 2);
    assert.match(warnings.join('\n'), new RegExp(`${bad.id}: run.json is not valid JSON`));
  });

  it('round-trips NaN and ±Infinity through metrics, summaries, index and series', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun(base);
    await w.appendMetrics([
      { time: 1000, step: 0, values: { v: NaN } },
      { time: 2000, step: 1, values: { v: Infinity } },
      { time: 3000, step: 2, values: { v: 1.5 } },
      { time: 4000, step: 3, values: { v: -Infinity } },
    ]);
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
    for (let pass = 0; pass < 2; pass++) { // second pass is served from index.json
      const [m] = await RunStore.open(ws.dir).listRuns();
      assert.deepEqual(m?.metrics.v, { count: 4, last: -Infinity, lastStep: 3, min: 1.5, max: 1.5, nonFinite: 3 });
    }
    const s = await store.readSeries(w.id, 'v');
    assert.deepEqual([...s.values], [NaN, Infinity, 1.5, -Infinity]);
    assert.deepEqual([...s.times], [1000, 2000, 3000, 4000]);
  });
});
