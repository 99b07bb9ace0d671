// The runs a folder holds for its views (views/runs/heldRuns.ts): the same answers as a Map of every
// run's summary — by id, newest first, the live ones, by name — through sets, deletes and listings.
import * as assert from 'node:assert/strict';
import { type RunStatus } from '../../../../src/core/model';
import { newRunId } from '../../../../src/core/store/ids';
import { newManifest } from '../../../../src/core/store/manifest';
import { summarize, type RunSummary } from '../../../../src/core/store/summary';
import { HeldRuns } from '../../../../src/views/runs/heldRuns';

const T0 = Date.UTC(2025, 0, 1);

/** Run number `i` in `status` (ids are unique, newest first by id: tests sort rather than assume). */
function run(i: number, status: RunStatus = 'finished', name = `run-${i}`): RunSummary {
  const id = newRunId(T0 + i * 1000);
  const m = newManifest({ experiment: i % 2 ? 'a' : 'b', command: ['python', 'train.py'], shell: false, cwd: '/w', params: { lr: i / 10 }, env: {} }, id, name, new Date(T0 + i * 1000));
  return summarize({ ...m, status });
}

const ids = (runs: readonly { id: string }[]): string[] => runs.map((r) => r.id);

describe('held runs', () => {
  it('answers as a Map of summaries: by id, newest first, live runs, by name', () => {
    const held = new HeldRuns();
    const runs = [run(3), run(1, 'running'), run(4, 'queued'), run(2)];
    held.replaceAll(runs);
    const map = new Map(runs.map((r) => [r.id, r]));
    assert.equal(held.size, map.size);
    for (const [id, r] of map) assert.equal(held.get(id), r);
    assert.deepEqual(ids(held.newestFirst()), [...map.keys()].sort().reverse());
    assert.deepEqual(ids(held.liveRuns()), ids([runs[2] as RunSummary, runs[1] as RunSummary]).sort().reverse(), 'queued and running, newest first');
    assert.equal(held.findByName('RUN-2'), runs[3], 'names regardless of case');
    assert.equal(held.findByName('run-9'), undefined);
  });

  it('follows changes: a run ending leaves the live runs, a new one comes first, a deleted one goes', () => {
    const held = new HeldRuns();
    const live = run(1, 'running');
    const old = run(0);
    held.replaceAll([old, live]);
    const before = held.newestFirst();
    held.set({ ...live, status: 'finished' });
    assert.deepEqual(held.liveRuns(), []);
    assert.equal(held.get(live.id)?.status, 'finished');
    const added = run(5, 'running');
    held.set(added);
    assert.deepEqual(ids(held.newestFirst()), [added.id, live.id, old.id].sort().reverse());
    assert.deepEqual(ids(held.liveRuns()), [added.id]);
    held.delete(added.id);
    assert.equal(held.has(added.id), false);
    assert.deepEqual(held.liveRuns(), []);
    assert.deepEqual(ids(held.newestFirst()), ids(before), 'the same runs again');
    before.pop();
    assert.equal(held.newestFirst().length, 2, "a list handed out is the caller's copy");
  });

  it('holds exactly a new listing in place of everything before', () => {
    const held = new HeldRuns();
    held.replaceAll([run(0, 'running'), run(1)]);
    const listed = run(2);
    held.replaceAll([listed]);
    assert.deepEqual(ids(held.newestFirst()), [listed.id]);
    assert.deepEqual(held.liveRuns(), []);
    assert.equal(held.size, 1);
  });
});
