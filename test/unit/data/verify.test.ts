// verifyUnchanged: a dataset edited, grown, shrunk or replaced while a run used it is reported per
// file (stat only), and an untouched one reports nothing.
import * as assert from 'node:assert/strict';
import { renameSync, rmSync, utimesSync } from 'node:fs';
import { hashDatasets, verifyUnchanged } from '../../../src/core/data/hash';
import { tempWorkspace, type TempWorkspace } from './helpers/ws';

describe('verifyUnchanged', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace();
    ws.write('data/a.csv', '1,2\n');
    ws.write('data/b.csv', '3,4\n');
    ws.write('data/c.csv', '5,6\n');
    ws.write('other/x.txt', 'x');
  });
  afterEach(() => ws.cleanup());

  it('reports nothing for untouched datasets', async () => {
    const { baseline } = await hashDatasets(ws.dir, ['data', 'other/*.txt']);
    assert.deepEqual(await verifyUnchanged(baseline), []);
  });

  it('lists added, removed and modified files per spec', async () => {
    const { baseline } = await hashDatasets(ws.dir, ['data/*.csv', 'other']);
    ws.write('data/a.csv', '1,2,3\n');
    rmSync(ws.path('data/b.csv'));
    ws.write('data/d.csv', 'new\n');
    ws.write('data/ignored.txt', 'not matched by the glob');
    const later = new Date(Date.now() + 60_000);
    utimesSync(ws.path('other/x.txt'), later, later);
    assert.deepEqual(await verifyUnchanged(baseline), [
      { spec: 'data/*.csv', path: 'data/a.csv', change: 'modified' },
      { spec: 'data/*.csv', path: 'data/b.csv', change: 'removed' },
      { spec: 'data/*.csv', path: 'data/d.csv', change: 'added' },
      { spec: 'other', path: 'other/x.txt', change: 'modified' },
    ]);
  });

  it('sees a file replaced by rename even with the same size and mtime', async () => {
    const when = new Date('2024-01-02T03:04:05Z');
    utimesSync(ws.path('data/c.csv'), when, when);
    const { baseline } = await hashDatasets(ws.dir, ['data']);
    ws.write('data/c.tmp', '7,8\n');
    utimesSync(ws.path('data/c.tmp'), when, when);
    renameSync(ws.path('data/c.tmp'), ws.path('data/c.csv'));
    assert.deepEqual(await verifyUnchanged(baseline), [{ spec: 'data', path: 'data/c.csv', change: 'modified' }]);
  });

  it('reports every file as removed when the whole dataset disappears', async () => {
    const { baseline } = await hashDatasets(ws.dir, ['data']);
    rmSync(ws.path('data'), { recursive: true });
    assert.deepEqual((await verifyUnchanged(baseline)).map((c) => `${c.change} ${c.path}`),
      ['removed data/a.csv', 'removed data/b.csv', 'removed data/c.csv']);
  });
});
