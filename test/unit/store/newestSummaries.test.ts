// RunStore.newestSummaries: the newest runs read from their directories, without the index, are the
// head of the whole listing (what the Runs view draws first on a big store).
import * as assert from 'node:assert/strict';
import { RunStore } from '../../../src/core/store/store';
import { useSevenRuns } from './helpers/sevenRuns';
import { tempWorkspace } from './helpers/util';

const base = { experiment: 'e', command: ['x'], shell: false, cwd: '/w', params: { lr: 0.1 }, env: {} };

describe('store newest summaries', () => {
  const runs = useSevenRuns({
    create: (i) => ({ ...base, name: `run-${i}`, tags: i % 2 ? ['odd'] : [] }),
    // The newest run stays live: the listing reads it fresh, as newestSummaries does every run.
    then: async (i, w) => { if (i < 6) await w.finish({ status: i === 3 ? 'failed' : 'finished', exitCode: i === 3 ? 1 : 0, signal: null }); },
    done: async (store) => { await store.listSummaries(); }, // the index exists, as in a store in use
  });

  it('gives the first runs of the whole listing, newest first, with the same fields', async () => {
    const all = await RunStore.open(runs.dir).listSummaries();
    assert.equal(all.length, 7);
    assert.deepEqual(await RunStore.open(runs.dir).newestSummaries(3), all.slice(0, 3));
    assert.deepEqual(await RunStore.open(runs.dir).newestSummaries(100), all);
  });

  it('follows a change the index has not taken in yet (a run edited since the last listing)', async () => {
    const [newest, second] = await runs.store.listSummaries();
    await runs.store.update(second!.id, { starred: true, note: 'kept' });
    const head = await RunStore.open(runs.dir).newestSummaries(2);
    assert.deepEqual(head.map((r) => r.id), [newest!.id, second!.id]);
    assert.equal(head[1]?.starred, true);
    assert.equal(head[1]?.note, 'kept');
  });

  it('is empty for a store without runs', async () => {
    const empty = tempWorkspace();
    try {
      assert.deepEqual(await RunStore.open(empty.dir).newestSummaries(10), []);
    } finally {
      empty.cleanup();
    }
  });
});
