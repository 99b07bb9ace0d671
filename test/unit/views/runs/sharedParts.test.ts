// Equal parts of held summaries kept once (views/runs/sharedParts.ts): a shared summary reads the
// same as before (every field deep-equal), equal params, code and datasets become one object, and
// past the cap of distinct values nothing more is kept.
import * as assert from 'node:assert/strict';
import { newRunId } from '../../../../src/core/store/ids';
import { newManifest } from '../../../../src/core/store/manifest';
import { parseSummary, summarize, type RunSummary } from '../../../../src/core/store/summary';
import { SharedParts } from '../../../../src/views/runs/sharedParts';

const T0 = Date.UTC(2025, 0, 1);

/** A summary as a listing reads it (parsed from its index line), with these params and links. */
function listed(i: number, params: Record<string, number>, extra: Partial<Pick<RunSummary, 'tags' | 'code' | 'datasets' | 'outputs'>> = {}): RunSummary {
  const m = newManifest({ experiment: 'train', command: ['python', 'train.py'], shell: false, cwd: '/w', params, env: {} }, newRunId(T0 + i * 1000), `run-${i}`, new Date(T0 + i * 1000));
  const s = parseSummary(JSON.parse(JSON.stringify({ ...summarize({ ...m, status: 'finished' }), ...extra })));
  assert.ok(s);
  return s;
}

const data = [{ spec: 'data/train.csv', hash: 'a'.repeat(64) }];
const code = { commit: 'c'.repeat(40), branch: 'main', dirty: false };

describe('shared parts of held summaries', () => {
  it('keeps every field of a summary as it was', () => {
    const parts = new SharedParts();
    const runs = [listed(1, { lr: 0.1 }, { tags: ['baseline'], code, datasets: data, outputs: [{ spec: 'model.pt', hash: 'b'.repeat(64) }] }), listed(2, { lr: 0.1 }), listed(3, { lr: 0.2 }, { code, datasets: data })];
    const before = runs.map((r) => JSON.parse(JSON.stringify(r)) as unknown);
    const shared = runs.map((r) => parts.share(r));
    assert.deepEqual(shared.map((r) => JSON.parse(JSON.stringify(r)) as unknown), before);
    assert.deepEqual(Object.keys(shared[0] as RunSummary), Object.keys(before[0] as object), 'the same fields in the same order');
  });

  it('makes equal params, code and datasets one object, and leaves different ones apart', () => {
    const parts = new SharedParts();
    const [a, b, c] = [listed(1, { lr: 0.1, epochs: 3 }, { code, datasets: data }), listed(2, { lr: 0.1, epochs: 3 }, { code, datasets: data }), listed(3, { lr: 0.2, epochs: 3 })].map((r) => parts.share(r)) as [RunSummary, RunSummary, RunSummary];
    assert.equal(a.params, b.params);
    assert.notEqual(a.params, c.params);
    assert.equal(a.code, b.code);
    assert.equal(a.datasets, b.datasets);
    assert.equal(b.tags, c.tags, 'no tags: one empty list');
    assert.equal(b.outputs, c.outputs, 'no outputs: one empty list');
  });

  it('keeps no more distinct values than its cap (a random search gives every run its own params)', () => {
    const parts = new SharedParts(2);
    const runs = [1, 2, 3, 4].map((i) => parts.share(listed(i, { lr: i })));
    const again = [1, 2, 3].map((i) => parts.share(listed(10 + i, { lr: i })));
    assert.equal(again[0]?.params, runs[0]?.params, 'within the cap: shared');
    assert.equal(again[1]?.params, runs[1]?.params);
    assert.notEqual(again[2]?.params, runs[2]?.params, 'past the cap: held as it came');
    assert.deepEqual(again[2]?.params, runs[2]?.params);
  });
});
