// The run lock (store/lock.ts) and what is done under it: a live holder's lock is never taken over,
// a release never removes another holder's lock, edits re-read run.json under the lock, and a
// delete that meets the lock held waits its turn instead of giving up.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { tryLock } from '../../../src/core/fs/lock';
import { readManifest, writeManifest } from '../../../src/core/store/manifest';
import { RunStore } from '../../../src/core/store/store';
import { tempWorkspace } from './helpers/util';

const base = { experiment: 'e', command: ['python', 'train.py'], shell: false, cwd: '/tmp', params: {}, env: {} };

describe('store lock', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => { ws = tempWorkspace(); });
  afterEach(() => ws.cleanup());

  it('does not take over a lock file that is still empty (its holder may be writing it)', async () => {
    const path = join(ws.dir, 'x.lock');
    writeFileSync(path, '');
    assert.equal(await tryLock(path), undefined);
    assert.equal(readFileSync(path, 'utf8'), '', 'the lock is left alone');
  });

  it('creates the lock file whole: its content names this process', async () => {
    const path = join(ws.dir, 'x.lock');
    const release = await tryLock(path);
    assert.ok(release);
    assert.equal((JSON.parse(readFileSync(path, 'utf8')) as { pid: number }).pid, process.pid);
    assert.equal(await tryLock(path), undefined, 'held by a live process');
    await release();
    assert.equal(existsSync(path), false);
  });

  it('takes over the lock of a dead holder, and leaves no takeover guard behind', async () => {
    const path = join(ws.dir, 'x.lock');
    writeFileSync(path, JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), time: 0 }));
    const release = await tryLock(path);
    assert.ok(release, 'a lock whose pid is gone is taken over');
    assert.equal(existsSync(`${path}.break`), false);
    await release();
  });

  it('a release leaves alone a lock that is no longer its own', async () => {
    const path = join(ws.dir, 'x.lock');
    const release = await tryLock(path);
    assert.ok(release);
    writeFileSync(path, JSON.stringify({ pid: process.pid, host: 'another holder', time: Date.now() }));
    await release();
    assert.equal(existsSync(path), true, 'the other holder keeps its lock');
  });

  it('an edit waiting for the lock applies to run.json as it is once the lock is free', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun({ ...base, tags: ['a'] });
    const dir = store.runDir(w.id);
    const release = await tryLock(join(dir, 'manifest.lock'));
    assert.ok(release);
    const editing = store.update(w.id, { addTags: ['mine'] });
    // Another editor (holding the lock) adds a tag and stars the run meanwhile.
    const m = await readManifest(dir, w.id);
    assert.ok(m);
    await writeManifest(dir, { ...m, tags: ['a', 'theirs'], starred: true });
    await release();
    const after = await editing;
    assert.deepEqual(after.tags, ['a', 'theirs', 'mine']);
    assert.equal(after.starred, true);
  });

  it('a delete that meets the lock held waits its turn and then moves the run', async () => {
    const store = RunStore.open(ws.dir);
    const w = await store.createRun(base);
    await w.markStarted({ host: 'h', supervisorPid: process.pid, childPid: null }, {});
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
    const both = [w.id, (await store.createRun(base)).id];
    // A reader, an ingest or the extension holds the first run's lock for a moment.
    const release = await tryLock(join(store.runDir(w.id), 'manifest.lock'));
    assert.ok(release);
    const deleting = Promise.all(both.map((id) => store.delete(id)));
    await release();
    await deleting;
    assert.deepEqual((await store.listTrash()).map((r) => r.id).sort(), [...both].sort());
    assert.deepEqual(await store.listRuns(), []);
  });
});
