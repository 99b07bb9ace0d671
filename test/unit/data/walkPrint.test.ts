// Walk fingerprints: remembered by a hash pass when its files are old enough, trusted only while
// every file's stamp (size, mtime, ctime, inode, name) is the same, persisted beside the stat cache.
import * as assert from 'node:assert/strict';
import { renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { HashCache } from '../../../src/core/data/cache';
import { hashDatasets } from '../../../src/core/data/hash';
import { printsFile, unchangedVersions } from '../../../src/core/data/walkPrint';
import { sameSizeEditBack, tempWorkspace, type TempWorkspace } from './helpers/ws';

const PAST = new Date('2024-01-02T03:04:05Z');

describe('walk fingerprints', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace();
    ws.write('data/a.csv', 'x\n1\n');
    ws.write('data/b.csv', 'x\n2\n');
    ws.write('one.csv', 'y\n3\n');
    for (const f of ['data/a.csv', 'data/b.csv', 'one.csv']) utimesSync(ws.path(f), PAST, PAST);
  });
  afterEach(() => ws.cleanup());

  it('vouches for the hash of an unchanged folder and file after a hash pass', async () => {
    const cache = HashCache.memory();
    assert.equal((await unchangedVersions(ws.dir, ['data', 'one.csv'], cache)).size, 0, 'nothing is vouched for before a pass');
    const r = await hashDatasets(ws.dir, ['data', 'one.csv'], { cache });
    const hits = await unchangedVersions(ws.dir, ['data', 'one.csv'], cache);
    assert.deepEqual(hits.get('data'), { print: hits.get('data')?.print, hash: r.manifests[0]?.hash, files: 2, bytes: 8 });
    assert.equal(hits.get('one.csv')?.hash, r.manifests[1]?.hash);
  });

  it('sees an in-place edit that keeps the size (only the mtime differs)', async () => {
    const cache = HashCache.memory();
    await hashDatasets(ws.dir, ['data'], { cache });
    writeFileSync(ws.path('data/a.csv'), 'x\n9\n');
    const other = new Date(PAST.getTime() + 1000);
    utimesSync(ws.path('data/a.csv'), other, other);
    assert.equal((await unchangedVersions(ws.dir, ['data'], cache)).has('data'), false);
  });

  it('sees an in-place edit that keeps size and inode and puts the mtime back (only the ctime differs)', async () => {
    const cache = HashCache.memory();
    await hashDatasets(ws.dir, ['data'], { cache });
    assert.equal((await unchangedVersions(ws.dir, ['data'], cache)).has('data'), true);
    sameSizeEditBack(ws.path('data/a.csv'), 'x\n9\n', statSync(ws.path('data/a.csv'), { bigint: true }).ctimeNs);
    assert.equal((await unchangedVersions(ws.dir, ['data'], cache)).has('data'), false);
  });

  it('sees a renamed file and an added file', async () => {
    const cache = HashCache.memory();
    await hashDatasets(ws.dir, ['data'], { cache });
    renameSync(ws.path('data/b.csv'), ws.path('data/c.csv'));
    assert.equal((await unchangedVersions(ws.dir, ['data'], cache)).has('data'), false);
    await hashDatasets(ws.dir, ['data'], { cache });
    assert.equal((await unchangedVersions(ws.dir, ['data'], cache)).has('data'), true);
    ws.write('data/d.csv', 'x\n4\n');
    utimesSync(ws.path('data/d.csv'), PAST, PAST);
    assert.equal((await unchangedVersions(ws.dir, ['data'], cache)).has('data'), false);
  });

  it('remembers nothing for a spec with a file modified in the last seconds (its mtime tick may still change)', async () => {
    const cache = HashCache.memory();
    ws.write('data/a.csv', 'x\n5\n');
    await hashDatasets(ws.dir, ['data', 'one.csv'], { cache });
    const hits = await unchangedVersions(ws.dir, ['data', 'one.csv'], cache);
    assert.deepEqual([...hits.keys()], ['one.csv']);
  });

  it('persists with the stat cache and is trusted after a reopen; a missing spec is never vouched for', async () => {
    const store = ws.path('.runlens');
    const cache = await HashCache.open(store);
    await hashDatasets(ws.dir, ['data'], { cache });
    await cache.save();
    const reopened = await HashCache.open(store);
    assert.equal((await unchangedVersions(ws.dir, ['data', 'gone', '../out'], reopened)).has('data'), true);
    writeFileSync(printsFile(store), '{not json');
    assert.equal((await unchangedVersions(ws.dir, ['data'], await HashCache.open(store))).size, 0, 'a damaged file is dropped, not trusted');
  });
});
