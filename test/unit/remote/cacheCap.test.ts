// Eviction of the data cache with a data remote: least recently used first, never the only copy
// of what a local run needs (unless forced); once pushed, such an object may go, since it can be
// fetched again. The cap applies only past its size, and 0 turns it off.
import * as assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { DataCache } from '../../../src/core/data/cacheStore';
import { enforceCacheCap, guardedCollect, neededObjects } from '../../../src/core/data/cacheCap';
import { parseRemote } from '../../../src/core/remote/spec';
import { pushRunData } from '../../../src/core/remote/sync';
import { cleanupFixtures, makeStore, sha, temp } from './fixture';

describe('data cache eviction with a data remote', () => {
  after(cleanupFixtures);

  it('keeps what only this cache holds for a local run unless forced; pushed objects may go', async () => {
    const a = await makeStore(3, 1000);
    const cache = new DataCache(a.root);
    // An object no run names (e.g. its run was deleted for good): always fair game.
    const orphan = Buffer.from('orphan');
    writeFileSync(`${a.workspaceRoot}/orphan`, orphan);
    await cache.put(`${a.workspaceRoot}/orphan`, sha(orphan));
    assert.equal((await neededObjects(a.root)).size, 3);

    const guarded = await guardedCollect(a.root, 0);
    assert.deepEqual([guarded.removed, guarded.kept, guarded.objects], [1, 3, 3], 'only the orphan went');

    await pushRunData(a, parseRemote(temp('runlens-cap-remote-'), '/'), [a.run]);
    const afterPush = await guardedCollect(a.root, 0);
    assert.deepEqual([afterPush.removed, afterPush.kept, afterPush.objects], [3, 0, 0], 'pushed objects can be fetched again');
  });

  it('--force removes even the only copy', async () => {
    const a = await makeStore(2, 1000);
    const forced = await guardedCollect(a.root, 0, { force: true });
    assert.deepEqual([forced.removed, forced.objects], [2, 0]);
  });

  it('the cap evicts least recently used first, only past its size, and 0 turns it off', async () => {
    const a = await makeStore(3, 1000);
    await pushRunData(a, parseRemote(temp('runlens-cap-remote-'), '/'), [a.run]);
    const cache = new DataCache(a.root);
    const names = [...a.files.keys()];
    for (const [i, name] of names.entries()) {
      const t = new Date(Date.now() - (10 - i) * 60_000);
      utimesSync(cache.objectPath(name), t, t);
    }
    assert.equal(await enforceCacheCap(a.root, undefined), null, 'far under the default 20G');
    assert.equal(await enforceCacheCap(a.root, 0), null, '0: no cap');
    const r = await enforceCacheCap(a.root, 2000);
    assert.equal(r?.removed, 1);
    assert.equal(await cache.has(names[0] ?? ''), false, 'the least recently used went');
    assert.equal(await cache.has(names[2] ?? ''), true);
  });
});
