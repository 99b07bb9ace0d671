// The data cache: content-addressed and verified on the way in, independent of the user's file
// (an in-place edit never reaches the cache), read-only objects, LRU eviction by size, sizes.
import * as assert from 'node:assert/strict';
import { appendFileSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { DataCache } from '../../../src/core/data/cacheStore';
import { cacheStatus, collectCache } from '../../../src/core/data/cacheOps';
import { parseSize } from '../../../src/core/present/format';
import { cleanupTemp, tempDir } from '../git/helpers/repo';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('data cache', () => {
  after(cleanupTemp);

  it('stores a file under its hash, once, and restores it independent of the original', async () => {
    const dir = tempDir('runlens-cache-');
    const file = join(dir, 'a.csv');
    writeFileSync(file, 'x,y\n1,2\n');
    const cache = new DataCache(join(dir, 'store'));
    assert.equal(await cache.put(file, sha('x,y\n1,2\n')), 'stored');
    assert.equal(await cache.put(file, sha('x,y\n1,2\n')), 'present');
    assert.equal(statSync(cache.objectPath(sha('x,y\n1,2\n'))).mode & 0o222, 0, 'objects are read-only');
    // The user edits the file in place: the cached version must not change with it.
    appendFileSync(file, '3,4\n');
    const dest = join(dir, 'wt', 'data', 'a.csv');
    const how = await cache.materialize(sha('x,y\n1,2\n'), dest);
    assert.ok(how === 'reflink' || how === 'hardlink' || how === 'copy');
    assert.equal(readFileSync(dest, 'utf8'), 'x,y\n1,2\n');
    assert.equal(await cache.materialize(sha('nothing'), join(dir, 'none')), null);
  });

  it('refuses content that changed since it was hashed', async () => {
    const dir = tempDir('runlens-cache-');
    const file = join(dir, 'a.csv');
    writeFileSync(file, 'new');
    const cache = new DataCache(join(dir, 'store'));
    assert.equal(await cache.put(file, sha('old')), 'changed');
    assert.equal(await cache.has(sha('old')), false);
    assert.equal(await cache.has(sha('new')), false);
  });

  it('evicts the least recently used objects down to the size asked for', async () => {
    const dir = tempDir('runlens-cache-');
    const store = join(dir, 'store');
    const cache = new DataCache(store);
    const contents = ['a'.repeat(100), 'b'.repeat(100), 'c'.repeat(100)];
    for (const [i, c] of contents.entries()) {
      writeFileSync(join(dir, `${i}`), c);
      await cache.put(join(dir, `${i}`), sha(c));
      const t = new Date(Date.now() - (10 - i) * 60_000);
      utimesSync(cache.objectPath(sha(c)), t, t);
    }
    await cache.touch(sha(contents[0] ?? ''));
    assert.deepEqual(await cacheStatus(store).then((s) => [s.objects, s.bytes]), [3, 300]);
    const r = await collectCache(store, 150);
    assert.deepEqual([r.removed, r.removedBytes, r.objects, r.bytes], [2, 200, 1, 100]);
    assert.equal(await cache.has(sha(contents[0] ?? '')), true, 'the most recently used one stays');
    assert.equal((await collectCache(store, 0)).objects, 0);
  });

  it('parses sizes', () => {
    assert.equal(parseSize('1024'), 1024);
    assert.equal(parseSize('500M'), 500 * 1024 ** 2);
    assert.equal(parseSize('1.5GB'), 1.5 * 1024 ** 3);
    assert.equal(parseSize('0'), 0);
    assert.throws(() => parseSize('lots'), /not a size/);
    assert.throws(() => parseSize('-1G'), /not a size/);
  });
});
