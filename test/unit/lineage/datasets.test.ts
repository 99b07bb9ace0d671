// The datasets list: declared paths with their versions, who read and wrote each, and the
// workspace state (same as the newest version, changed, gone).
import * as assert from 'node:assert/strict';
import { listDatasets } from '../../../src/core/lineage/datasets';
import { file, run } from './fixtures';

describe('datasets list', () => {
  const prepare1 = run('prepare', [file('raw.csv', 'r1')], [file('feat.csv', 'f1')]);
  const train = run('train', [file('feat.csv', 'f1')], []);
  const prepare2 = run('prepare', [file('raw.csv', 'r2')], [file('feat.csv', 'f2')]);
  const trashed = run('x', [file('raw.csv', 'r3')], [], { trashed: true });
  const all = [prepare2, train, prepare1, trashed];

  it('lists every declared path with its versions newest first, readers and writers', () => {
    const list = listDatasets(all);
    assert.deepEqual(list.map((d) => [d.spec, d.role, d.versions.length, d.changed]), [['feat.csv', 'both', 2, null], ['raw.csv', 'dataset', 2, null]]);
    const feat = list[0];
    assert.deepEqual(feat?.versions.map((v) => [v.hash, v.wroteBy, v.readBy, v.firstSeen]), [
      [file('feat.csv', 'f2').hash, [prepare2.id], [], prepare2.createdAt],
      [file('feat.csv', 'f1').hash, [prepare1.id], [train.id], prepare1.createdAt],
    ]);
  });

  it('marks the version the workspace holds, and whether it differs from the newest one or is gone', () => {
    const now = new Map([['raw.csv', file('raw.csv', 'r1').hash], ['feat.csv', null]]);
    const list = listDatasets(all, now);
    const raw = list.find((d) => d.spec === 'raw.csv');
    assert.equal(raw?.changed, true);
    assert.deepEqual(raw?.versions.map((v) => v.inWorkspace), [false, true]);
    const feat = list.find((d) => d.spec === 'feat.csv');
    assert.deepEqual([feat?.missing, feat?.changed], [true, true]);
    assert.deepEqual(listDatasets(all, now, 'raw.csv').map((d) => d.spec), ['raw.csv']);
  });
});
