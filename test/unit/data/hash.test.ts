// hashDatasets on real files: known digests, what changes the dataset hash (a byte, a rename) and
// what does not (an mtime-only touch), folders, globs, empty and missing datasets, overlapping specs.
import * as assert from 'node:assert/strict';
import { renameSync, utimesSync } from 'node:fs';
import { HashCache } from '../../../src/core/data/cache';
import { hashDatasets } from '../../../src/core/data/hash';
import { DatasetMissingError, DatasetSpecError } from '../../../src/core/data/types';
import { sha256, tempWorkspace, type TempWorkspace } from './helpers/ws';

const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
/** A fixed past time, so entries are not "racy" (written within the last 2 s) and get cached. */
const PAST = new Date('2024-01-02T03:04:05Z');

describe('hashDatasets', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace();
  });
  afterEach(() => ws.cleanup());

  function fill(): void {
    ws.write('data/a.txt', 'abc');
    ws.write('data/sub/b.txt', 'hello\n');
    ws.write('data/sub/c.csv', 'x,y\n1,2\n');
    for (const f of ['data/a.txt', 'data/sub/b.txt', 'data/sub/c.csv']) utimesSync(ws.path(f), PAST, PAST);
  }

  it('records path, size and the known SHA-256 of each file, and the dataset hash over them', async () => {
    fill();
    const { manifests: [m] } = await hashDatasets(ws.dir, ['data']);
    assert.ok(m);
    assert.deepEqual(m.files, [
      { path: 'data/a.txt', size: 3, sha256: ABC },
      { path: 'data/sub/b.txt', size: 6, sha256: sha256('hello\n') },
      { path: 'data/sub/c.csv', size: 8, sha256: sha256('x,y\n1,2\n') },
    ]);
    const canonical = m.files.map((f) => `${f.sha256}  ${f.size}  ${f.path}\n`).join('');
    assert.equal(m.hash, sha256(canonical));
    assert.equal(m.bytes, 17);
    assert.equal(m.spec, 'data');
    assert.equal(m.missing, false);
    assert.deepEqual([m.errors, m.skipped, m.links], [[], [], []]);
  });

  it('hashes a single file spec', async () => {
    fill();
    const { manifests: [m] } = await hashDatasets(ws.dir, ['data/a.txt']);
    assert.deepEqual(m?.files, [{ path: 'data/a.txt', size: 3, sha256: ABC }]);
  });

  it('changes the dataset hash when one byte changes', async () => {
    fill();
    const before = (await hashDatasets(ws.dir, ['data'])).manifests[0]?.hash;
    ws.write('data/sub/c.csv', 'x,y\n1,3\n');
    const after = (await hashDatasets(ws.dir, ['data'])).manifests[0]?.hash;
    assert.notEqual(after, before);
  });

  it('changes the dataset hash on a rename (paths are part of the manifest)', async () => {
    fill();
    const before = (await hashDatasets(ws.dir, ['data'])).manifests[0];
    renameSync(ws.path('data/a.txt'), ws.path('data/a2.txt'));
    const after = (await hashDatasets(ws.dir, ['data'])).manifests[0];
    assert.notEqual(after?.hash, before?.hash);
    assert.deepEqual(after?.files.map((f) => f.sha256).sort(), before?.files.map((f) => f.sha256).sort(), 'same contents');
  });

  it('keeps the dataset hash on an mtime-only touch: reads the touched file once, then nothing', async () => {
    fill();
    const cache = HashCache.memory();
    const first = await hashDatasets(ws.dir, ['data'], { cache });
    assert.equal(first.stats.filesHashed, 3);
    const untouched = await hashDatasets(ws.dir, ['data'], { cache });
    assert.deepEqual(untouched.stats, { filesHashed: 0, bytesHashed: 0, cacheHits: 3 });
    const later = new Date('2024-05-06T07:08:09Z');
    utimesSync(ws.path('data/sub/b.txt'), later, later);
    const touched = await hashDatasets(ws.dir, ['data'], { cache });
    assert.equal(touched.manifests[0]?.hash, first.manifests[0]?.hash);
    assert.deepEqual(touched.stats, { filesHashed: 1, bytesHashed: 6, cacheHits: 2 }, 'only the touched file is re-read');
    const again = await hashDatasets(ws.dir, ['data'], { cache });
    assert.deepEqual(again.stats, { filesHashed: 0, bytesHashed: 0, cacheHits: 3 }, 'the refreshed entry is trusted');
    assert.deepEqual(cache.stats, { filesHashed: 4, bytesHashed: 23, cacheHits: 8 });
  });

  it('does not cache a file modified within the last 2 s (its mtime tick may not be over)', async () => {
    ws.write('fresh.txt', 'abc');
    const cache = HashCache.memory();
    await hashDatasets(ws.dir, ['fresh.txt'], { cache });
    const again = await hashDatasets(ws.dir, ['fresh.txt'], { cache });
    assert.equal(again.stats.filesHashed, 1);
    assert.equal(cache.size, 0);
  });

  it('selects files with globs and returns one manifest per spec in order', async () => {
    fill();
    ws.write('data/sub/deep/d.csv', '1');
    const { manifests } = await hashDatasets(ws.dir, ['data/**/*.csv', 'data/*.txt', 'data/sub/{b,c}.*', 'data/su?/*.txt']);
    assert.deepEqual(manifests.map((m) => m.files.map((f) => f.path)), [
      ['data/sub/c.csv', 'data/sub/deep/d.csv'],
      ['data/a.txt'],
      ['data/sub/b.txt', 'data/sub/c.csv'],
      ['data/sub/b.txt'],
    ]);
    assert.deepEqual(manifests.map((m) => m.spec), ['data/**/*.csv', 'data/*.txt', 'data/sub/{b,c}.*', 'data/su?/*.txt']);
  });

  it('hashes an empty folder as an empty dataset', async () => {
    ws.write('empty/.keep', '');
    const { manifests: [m] } = await hashDatasets(ws.dir, ['empty']);
    assert.equal(m?.files.length, 1);
    const { manifests: [e] } = await hashDatasets(ws.dir, ['empty/*.csv'], { missing: 'warn' });
    assert.equal(e?.missing, true);
    assert.equal(e?.hash, sha256(''));
    assert.deepEqual(e?.files, []);
  });

  it('throws DatasetMissingError for a path or a glob that matches nothing, before hashing anything', async () => {
    fill();
    const cache = HashCache.memory();
    await assert.rejects(hashDatasets(ws.dir, ['data', 'nope/train.csv'], { cache }),
      (e: unknown) => e instanceof DatasetMissingError && e.spec === 'nope/train.csv' && /does not exist/.test(e.message));
    await assert.rejects(hashDatasets(ws.dir, ['data/*.parquet']), DatasetMissingError);
    assert.equal(cache.stats.filesHashed, 0);
    const warned = await hashDatasets(ws.dir, ['data', 'nope'], { missing: 'warn' });
    assert.deepEqual(warned.manifests.map((m) => m.missing), [false, true]);
    assert.equal(warned.manifests[0]?.files.length, 3);
  });

  it('rejects specs that escape the workspace before touching the disk', async () => {
    await assert.rejects(hashDatasets(ws.dir, ['../x']), DatasetSpecError);
    await assert.rejects(hashDatasets(ws.dir, ['/etc/hostname']), DatasetSpecError);
  });

  it('hashes a file shared by two specs once and lists it in both', async () => {
    fill();
    const cache = HashCache.memory();
    const r = await hashDatasets(ws.dir, ['data', 'data/a.txt'], { cache });
    assert.equal(r.stats.filesHashed, 3);
    assert.deepEqual(r.manifests[1]?.files, [{ path: 'data/a.txt', size: 3, sha256: ABC }]);
  });

  it('skips .git and the .runlens store when walking the workspace root', async () => {
    fill();
    ws.write('.git/HEAD', 'ref: refs/heads/main\n');
    ws.write('.runlens/cache/hashes.bin', 'x');
    ws.write('data/constructor', 'a file named like an Object.prototype member');
    const { manifests: [m] } = await hashDatasets(ws.dir, ['.']);
    assert.deepEqual(m?.files.map((f) => f.path), ['data/a.txt', 'data/constructor', 'data/sub/b.txt', 'data/sub/c.csv']);
    assert.deepEqual(m?.skipped.map((s) => s.path), ['.git', '.runlens']);
  });
});
