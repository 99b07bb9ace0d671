// Trash (delete, restore, empty, names freed) and the derived listing index: rebuilt when deleted,
// corrupt or stale, never trusted over the run directories.
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { newRunId } from '../../../src/core/store/ids';
import { tryLock } from '../../../src/core/fs/lock';
import { writeManifest } from '../../../src/core/store/manifest';
import { RunStore } from '../../../src/core/store/store';
import { tempWorkspace } from './helpers/util';

const base = { experiment: 'e', command: ['x'], shell: false, cwd: '/w', params: {}, env: {} };

async function finishedRuns(store: RunStore, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const w = await store.createRun({ ...base, tags: i % 2 ? ['odd'] : [] });
    await w.finish({ status: i === 0 ? 'failed' : 'finished', exitCode: i === 0 ? 1 : 0, signal: null });
    ids.push(w.id);
  }
  return ids.reverse(); // newest first
}

describe('store trash', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => { ws = tempWorkspace(); });
  afterEach(() => ws.cleanup());

  it('deletes to the trash, restores, and empties it for good (freeing names)', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun({ ...base, name: 'keeper' });
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
    await store.delete('keeper');
    assert.deepEqual(await store.listRuns(), []);
    assert.deepEqual((await store.listTrash()).map((m) => m.id), [w.id]);
    assert.equal((await store.listRuns({ includeTrash: true })).length, 1);
    await assert.rejects(store.createRun({ ...base, name: 'keeper' }), /already used/, 'names stay reserved in the trash');
    await store.restore(w.id);
    assert.deepEqual((await store.listRuns()).map((m) => m.name), ['keeper']);
    await store.delete(w.id);
    assert.equal(await store.emptyTrash(), 1);
    assert.deepEqual(await store.listTrash(), []);
    assert.equal(existsSync(w.dir), false);
    await assert.rejects(store.restore(w.id), /not in the trash/);
    assert.equal((await store.createRun({ ...base, name: 'keeper' })).manifest().name, 'keeper');
  });

  it('refuses to delete a running run', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun({ ...base, status: 'running' });
    await assert.rejects(store.delete(w.id), /still running/);
  });

  it('waits for a sweep that is starting the queued run, then refuses to trash it', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun(base);
    const dir = store.runDir(w.id);
    // The sweep holds the run's lock while it claims the run (claimQueued): do as it does.
    const release = await tryLock(join(dir, 'manifest.lock'));
    assert.ok(release);
    let settled = false;
    const deleting = store.delete(w.id).finally(() => { settled = true; });
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(settled, false, 'the delete waits for the lock');
    await writeManifest(dir, { ...w.manifest(), status: 'running', process: { host: hostname(), supervisorPid: process.pid, childPid: null } });
    await release();
    await assert.rejects(deleting, /still running/);
    assert.equal((await store.getRun(w.id))?.status, 'running', 'the started run stays where its sweep writes');
    assert.deepEqual(await store.listTrash(), []);
  });

  it('leaves no lock behind: a restored queued run can still be started', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun(base);
    await store.delete(w.id);
    await store.restore(w.id);
    assert.equal(existsSync(join(store.runDir(w.id), 'manifest.lock')), false);
    const writer = await store.startQueued(w.id);
    assert.equal(writer?.manifest().status, 'running');
  });
});

describe('store index', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let store: RunStore;
  let ids: string[];
  const index = (): string => join(ws.dir, '.runlens', 'index', 'manifests-1.jsonl');
  beforeEach(async () => {
    ws = tempWorkspace();
    store = RunStore.open(ws.dir);
    ids = await finishedRuns(store, 6);
  });
  afterEach(() => ws.cleanup());

  it('builds the index on first listing and filters by status, tag, experiment and text', async () => {
    assert.deepEqual((await store.listRuns()).map((m) => m.id), ids);
    const records = readFileSync(index(), 'utf8').split('\n').filter((l) => l.startsWith('{"id":'));
    assert.equal(records.length, 6);
    assert.equal((await store.listRuns({ status: ['failed'] })).length, 1);
    assert.equal((await store.listRuns({ tag: 'odd' })).length, 3);
    assert.equal((await store.listRuns({ experiment: 'nope' })).length, 0);
    assert.deepEqual((await store.listRuns({ text: ids[2]!.slice(-6).toUpperCase() })).map((m) => m.id), [ids[2]]);
  });

  it('rebuilds a deleted or corrupt index', async () => {
    await store.listRuns();
    rmSync(index());
    assert.deepEqual((await store.listRuns()).map((m) => m.id), ids);
    writeFileSync(index(), '{"format":1,"journalOffset":0,"runs":[{"id":');
    assert.deepEqual((await store.listRuns()).map((m) => m.id), ids);
    assert.equal(readFileSync(index(), 'utf8').split('\n').filter((l) => l.startsWith('{"id":')).length, 6, 'rebuilt');
  });

  it('sees edits by another store instance (stale index entries are re-read)', async () => {
    await store.listRuns();
    await RunStore.open(ws.dir).update(ids[3]!, { name: 'renamed', starred: true });
    const m = (await store.listRuns()).find((r) => r.id === ids[3]);
    assert.equal(m?.name, 'renamed');
    assert.equal(m?.starred, true);
  });

  it('follows run directories removed or copied in by hand', async () => {
    await store.listRuns();
    rmSync(join(ws.dir, '.runlens', 'runs', ids[0]!), { recursive: true });
    const copy = newRunId();
    cpSync(join(ws.dir, '.runlens', 'runs', ids[1]!), join(ws.dir, '.runlens', 'runs', copy), { recursive: true });
    const runJson = join(ws.dir, '.runlens', 'runs', copy, 'run.json');
    writeFileSync(runJson, readFileSync(runJson, 'utf8').replace(ids[1]!, copy));
    assert.deepEqual((await store.listRuns()).map((m) => m.id), [copy, ...ids.slice(1)]);
  });

  it('rebuilds when the journal was replaced (e.g. deleted)', async () => {
    await store.listRuns();
    await store.update(ids[4]!, { note: 'before' });
    await store.listRuns();
    rmSync(join(ws.dir, '.runlens', 'journal.log'));
    await store.update(ids[4]!, { note: 'after' });
    assert.equal((await store.listRuns()).find((r) => r.id === ids[4])?.note, 'after');
  });
});
