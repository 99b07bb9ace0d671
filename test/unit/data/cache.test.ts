// The persistent stat cache: trusted only while size, mtime, ctime, inode and device match; survives a
// reopen from disk; tolerates a corrupt file; merges entries saved by another process meanwhile.
import * as assert from 'node:assert/strict';
import { readFileSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheFile, HashCache } from '../../../src/core/data/cache';
import { hashDatasets } from '../../../src/core/data/hash';
import { sameSizeEditBack, tempWorkspace, type TempWorkspace } from './helpers/ws';

const PAST = new Date('2024-01-02T03:04:05Z');
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('HashCache', () => {
  let ws: TempWorkspace;
  let store: string;
  beforeEach(() => {
    ws = tempWorkspace();
    store = ws.path('.runlens');
    ws.write('data/a.txt', 'abc');
    ws.write('data/b.txt', 'bcd');
    for (const f of ['data/a.txt', 'data/b.txt']) utimesSync(ws.path(f), PAST, PAST);
  });
  afterEach(() => ws.cleanup());

  async function pass(cache: HashCache): Promise<{ filesHashed: number; cacheHits: number; hash: string }> {
    const r = await hashDatasets(ws.dir, ['data'], { cache });
    return { filesHashed: r.stats.filesHashed, cacheHits: r.stats.cacheHits, hash: r.manifests[0]?.hash ?? '' };
  }

  it('persists entries in the store and trusts them after a reopen', async () => {
    const first = await HashCache.open(store);
    assert.equal(first.size, 0);
    assert.equal((await pass(first)).filesHashed, 2);
    await first.save();
    assert.equal(readFileSync(cacheFile(store)).subarray(0, 4).toString('latin1'), 'RLHC');
    const reopened = await HashCache.open(store);
    assert.equal(reopened.size, 2);
    const again = await pass(reopened);
    assert.deepEqual([again.filesHashed, again.cacheHits], [0, 2]);
  });

  it('is invalidated by a size change', async () => {
    const cache = HashCache.memory();
    const before = await pass(cache);
    ws.write('data/a.txt', 'abcd');
    utimesSync(ws.path('data/a.txt'), PAST, PAST);
    const after = await pass(cache);
    assert.deepEqual([after.filesHashed, after.cacheHits], [1, 1]);
    assert.notEqual(after.hash, before.hash);
  });

  it('is invalidated by an mtime change alone (same size, same inode)', async () => {
    const cache = HashCache.memory();
    await pass(cache);
    const ino = statSync(ws.path('data/a.txt')).ino;
    // Same size, new content, mtime set to a different past time: only the mtime can tell.
    writeFileSync(ws.path('data/a.txt'), 'xyz');
    const other = new Date(PAST.getTime() + 1);
    utimesSync(ws.path('data/a.txt'), other, other);
    assert.equal(statSync(ws.path('data/a.txt')).ino, ino);
    const after = await pass(cache);
    assert.deepEqual([after.filesHashed, after.cacheHits], [1, 1]);
  });

  it('is invalidated by an in-place edit that keeps size and inode and puts the mtime back (the ctime moved)', async () => {
    const cache = HashCache.memory();
    const before = await pass(cache);
    const was = statSync(ws.path('data/a.txt'), { bigint: true });
    sameSizeEditBack(ws.path('data/a.txt'), 'xyz', was.ctimeNs);
    const now = statSync(ws.path('data/a.txt'), { bigint: true });
    assert.deepEqual([now.size, now.mtimeNs, now.ino], [was.size, was.mtimeNs, was.ino]);
    const after = await pass(cache);
    assert.deepEqual([after.filesHashed, after.cacheHits], [1, 1]);
    assert.notEqual(after.hash, before.hash);
  });

  it('is invalidated by an inode change alone (replaced by rename, same size and mtime)', async () => {
    const cache = HashCache.memory();
    const before = await pass(cache);
    ws.write('data/new.tmp', 'xyz');
    utimesSync(ws.path('data/new.tmp'), PAST, PAST);
    const ino = statSync(ws.path('data/a.txt')).ino;
    renameSync(ws.path('data/new.tmp'), ws.path('data/a.txt'));
    const st = statSync(ws.path('data/a.txt'), { bigint: true });
    assert.notEqual(Number(st.ino), ino);
    assert.equal(st.mtimeNs, BigInt(PAST.getTime()) * 1_000_000n);
    const after = await pass(cache);
    assert.deepEqual([after.filesHashed, after.cacheHits], [1, 1]);
    assert.notEqual(after.hash, before.hash);
  });

  it('checks every field of the stamp, the device included', () => {
    const cache = HashCache.memory();
    const stamp = { size: 3, mtimeNs: 5n, ctimeNs: 6n, ino: 7n, dev: 9n };
    cache.set('/x', stamp, ABC);
    assert.equal(cache.lookup('/x', stamp), ABC);
    for (const changed of [{ size: 4 }, { mtimeNs: 6n }, { ctimeNs: 5n }, { ino: 8n }, { dev: 10n }]) {
      assert.equal(cache.lookup('/x', { ...stamp, ...changed }), undefined, JSON.stringify(changed, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)));
    }
    assert.equal(cache.lookup('/y', stamp), undefined);
  });

  it('round-trips every stamp field through the file, including negative mtimes and large inodes', async () => {
    const cache = await HashCache.open(store);
    const stamp = { size: 2 ** 40, mtimeNs: -123_456_789n, ctimeNs: 1_765_000_000_123_456_789n, ino: 2n ** 63n + 5n, dev: 2n ** 40n };
    cache.set('/ünïcödé/path', stamp, ABC);
    await cache.save();
    const back = await HashCache.open(store);
    assert.equal(back.lookup('/ünïcödé/path', stamp), ABC);
    assert.equal(back.lookup('/ünïcödé/path', { ...stamp, dev: 1n }), undefined);
    assert.equal(back.lookup('/ünïcödé/path', { ...stamp, ctimeNs: stamp.ctimeNs + 1n }), undefined);
  });

  it('treats a corrupt or truncated cache file as empty (it is derived data)', async () => {
    const cache = await HashCache.open(store);
    await pass(cache);
    await cache.save();
    const bytes = readFileSync(cacheFile(store));
    writeFileSync(cacheFile(store), bytes.subarray(0, bytes.length - 10));
    const truncated = await HashCache.open(store);
    assert.equal(truncated.size, 1, 'the whole first record survives, the cut one is dropped');
    writeFileSync(cacheFile(store), 'not a cache');
    const garbage = await HashCache.open(store);
    assert.equal(garbage.size, 0);
    assert.equal((await pass(garbage)).filesHashed, 2);
  });

  it('merges entries another process saved meanwhile instead of dropping them', async () => {
    const one = await HashCache.open(store);
    const two = await HashCache.open(store);
    one.set('/one', { size: 1, mtimeNs: 1n, ctimeNs: 1n, ino: 1n, dev: 1n }, ABC);
    two.set('/two', { size: 2, mtimeNs: 2n, ctimeNs: 2n, ino: 2n, dev: 2n }, ABC);
    await one.save();
    await two.save();
    const merged = await HashCache.open(store);
    assert.equal(merged.size, 2);
    assert.equal(merged.lookup('/one', { size: 1, mtimeNs: 1n, ctimeNs: 1n, ino: 1n, dev: 1n }), ABC);
    assert.equal(merged.lookup('/two', { size: 2, mtimeNs: 2n, ctimeNs: 2n, ino: 2n, dev: 2n }), ABC);
  });

  it('keeps the entries it loaded when its first use is a new entry (the file is indexed lazily)', async () => {
    const first = await HashCache.open(store);
    await pass(first);
    await first.save();
    const lazy = await HashCache.open(store);
    lazy.set('/new', { size: 1, mtimeNs: 1n, ctimeNs: 1n, ino: 1n, dev: 1n }, ABC);
    await lazy.save();
    const back = await HashCache.open(store);
    assert.equal(back.size, 3);
    assert.equal((await pass(back)).cacheHits, 2);
  });

  it('saves nothing for an in-memory cache and writes no file when nothing changed', async () => {
    const cache = await HashCache.open(store);
    await cache.save();
    assert.throws(() => statSync(join(store, 'cache')), /ENOENT/);
    await HashCache.memory().save();
  });
});
