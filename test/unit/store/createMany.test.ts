// Creating many queued runs in one pass (a Slurm sweep): every run listed, in order, with unique
// names and its Slurm task, each one claimable like a run made by createRun, and given names refused.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore } from '../../../src/core/store/store';
import { NODE_STORE_IO } from '../../../src/core/store/io';
import { tempWorkspace } from './helpers/util';

const base = { experiment: 'train', command: ['python', 'train.py'], shell: false, cwd: '/w', env: {}, status: 'queued' as const };

describe('store createRuns', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => { ws = tempWorkspace(); });
  afterEach(() => ws.cleanup());

  it('creates every run queued, in the order given, with unique names, and lists them', async () => {
    const store = RunStore.open(ws.dir);
    const made = await store.createRuns(Array.from({ length: 300 }, (_, task) => ({ ...base, params: { lr: task }, tags: ['s'], slurm: { submission: 'sub', task } })));
    assert.deepEqual(made.map((m) => m.params.lr), Array.from({ length: 300 }, (_, i) => i));
    assert.equal(new Set(made.map((m) => m.name)).size, 300);
    const listed = await store.listRuns();
    assert.equal(listed.length, 300);
    const one = listed.find((m) => m.id === made[7]?.id);
    assert.equal(one?.status, 'queued');
    assert.deepEqual(one?.slurm, { submission: 'sub', task: 7 });
    assert.deepEqual(one?.tags, ['s']);
    assert.ok(existsSync(join(ws.dir, '.runlens', 'format.json')), 'the store is laid out as by createRun');
  });

  it('reserves each name with one private file, however many names its stem already has', async () => {
    // 300 runs over the 2,025 adjective-noun stems share stems many times over: each shared stem
    // used to cost a private file (and a failed link) per number already taken.
    let created = 0;
    // Only the names' private files: a lock taken again under load is created through the same seam.
    const store = RunStore.open(ws.dir, { io: { ...NODE_STORE_IO, createFile: (path, data) => { if (/[\\/]names[\\/]/.test(path)) created++; return NODE_STORE_IO.createFile(path, data); } } });
    await store.createRuns(Array.from({ length: 150 }, (_, task) => ({ ...base, params: { lr: task } })));
    const made = await store.createRuns(Array.from({ length: 150 }, (_, task) => ({ ...base, params: { lr: task } })));
    assert.equal(created, 300);
    assert.equal(new Set((await store.listRuns()).map((m) => m.name.toLowerCase())).size, 300);
    assert.ok(made.every((m) => /^[a-z]+-[a-z]+-\d+$/.test(m.name)), 'adjective-noun-N names');
  });

  it('makes runs a runner can claim and record like any queued run', async () => {
    const store = RunStore.open(ws.dir);
    const [m] = await store.createRuns([{ ...base, params: { lr: 1 } }]);
    assert.ok(m);
    const writer = await store.startQueued(m.id);
    assert.ok(writer, 'claimed');
    await writer.appendMetrics([{ time: Date.now(), step: 0, values: { loss: 0.5 } }]);
    await writer.finish({ status: 'finished', exitCode: 0, signal: null });
    const done = await store.getRun(m.id);
    assert.equal(done?.status, 'finished');
    assert.equal(done?.metrics.loss?.last, 0.5);
    assert.ok(existsSync(join(ws.dir, '.runlens', 'runs', m.id, 'heartbeat')), 'starting the run created its heartbeat');
    assert.equal(readFileSync(join(ws.dir, '.runlens', 'names', m.name.toLowerCase()), 'utf8'), m.id, 'the name is reserved for the run');
  });

  it('refuses given names and bad tags before creating anything', async () => {
    const store = RunStore.open(ws.dir);
    await assert.rejects(store.createRuns([{ ...base, params: {} }, { ...base, params: {}, name: 'mine' }]), /given name/);
    await assert.rejects(store.createRuns([{ ...base, params: {}, tags: ['a\nb'] }]), /control characters/);
    assert.deepEqual(await store.listRuns(), []);
  });
});
