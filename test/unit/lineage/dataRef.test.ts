// Data references and restores: `PATH@HASH` resolves to a recorded version whose contents come
// from the data cache (or the workspace when it still holds them), a plain path to the workspace;
// a version is restored from the cache only when every file is there.
import * as assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { HashCache } from '../../../src/core/data/cache';
import { DataCache } from '../../../src/core/data/cacheStore';
import { diffDataSides } from '../../../src/core/data/diffData';
import { applyRestore, planRestore } from '../../../src/core/data/restore';
import { DataRefError, findVersion, parseVersionRef, resolveDataSide, workspaceFiles, type DataRefContext } from '../../../src/core/lineage/dataRef';
import { tempWorkspace, type TempWorkspace } from '../data/helpers/ws';
import { run, ver } from './fixtures';

const V1 = 'x,y\n1,2\n';
const V2 = 'x,y,z\n1,2,3\n4,5,6\n';

describe('data references', () => {
  let ws: TempWorkspace;
  let ctx: DataRefContext;
  const old = ver('data', { 'data/a.csv': V1, 'data/b.txt': 'bee' });
  const now = ver('data', { 'data/a.csv': V2 });
  const records = [run('prepare', [old], []), run('prepare', [now], [])];
  beforeEach(() => {
    ws = tempWorkspace();
    ws.write('data/a.csv', V2);
    ctx = { records, root: ws.dir, storeRoot: ws.path('.runlens'), hashCache: HashCache.memory() };
  });
  afterEach(() => ws.cleanup());

  /** Puts `content` into the data cache, as `runlens run` does for `cache: true` datasets. */
  async function cacheContent(content: string): Promise<void> {
    const tmp = ws.write('tmp/x', content);
    const v = ver('t', { t: content }).files?.[0];
    assert.ok(v);
    assert.equal(await new DataCache(ctx.storeRoot).put(tmp, v.sha256), 'stored');
  }

  it('parses PATH@HASH and finds the one version of PATH the hash prefix names', () => {
    assert.deepEqual(parseVersionRef(`./data/@${old.hash.slice(0, 8)}`), { kind: 'version', spec: 'data', hash: old.hash.slice(0, 8) });
    assert.equal(parseVersionRef('brave-otter-3'), null);
    assert.equal(parseVersionRef('data@xyz123'), null);
    assert.equal(findVersion(records, 'data', old.hash.slice(0, 10)).hash, old.hash);
    assert.throws(() => findVersion(records, 'data', 'ffffffffff'), (e: unknown) => e instanceof DataRefError && /no version of "data" starts with/.test(e.message));
    assert.throws(() => findVersion(records, 'nope', 'abcdef'), /no run recorded "nope"/);
  });

  it('diffs a cached version against the workspace, reading the old rows from the data cache', async () => {
    await cacheContent(V1);
    const a = await resolveDataSide(ctx, { kind: 'version', spec: 'data', hash: old.hash.slice(0, 12) });
    const b = await resolveDataSide(ctx, { kind: 'workspace', spec: 'data' });
    assert.equal(b.hash, now.hash);
    const d = await diffDataSides(a, b);
    assert.deepEqual(d.files.map((f) => [f.change, f.path, f.table?.rowsA, f.table?.rowsB]), [['changed', 'data/a.csv', 1, 2], ['removed', 'data/b.txt', undefined, undefined]]);
    assert.deepEqual(d.files[0]?.table?.columnsAdded, [{ name: 'z', type: 'integer' }]);
  });

  it('reads a version\'s file from the workspace when the workspace still holds that content', async () => {
    const a = await resolveDataSide(ctx, { kind: 'version', spec: 'data', hash: now.hash.slice(0, 12) });
    assert.equal(await a.locate({ path: 'data/a.csv', size: V2.length, sha256: now.files?.[0]?.sha256 ?? '' }), ws.path('data/a.csv'));
    const gone = await resolveDataSide(ctx, { kind: 'version', spec: 'data', hash: old.hash.slice(0, 12) });
    assert.equal(await gone.locate(old.files?.[0] ?? { path: '', size: 0, sha256: '' }), null);
  });

  it('restores a folder version from the cache exactly: files written, extra files removed', async () => {
    await cacheContent(V1);
    await cacheContent('bee');
    ws.write('data/extra.txt', 'not in the version');
    const plan = await planRestore(ctx.storeRoot, ws.dir, 'data', old.files ?? [], (await workspaceFiles(ctx, 'data'))?.files ?? null);
    assert.deepEqual([plan.write.map((f) => f.path), plan.remove, plan.missing, plan.unchanged], [['data/a.csv', 'data/b.txt'], ['data/extra.txt'], [], 0]);
    await applyRestore(ctx.storeRoot, ws.dir, plan);
    assert.deepEqual([readFileSync(ws.path('data/a.csv'), 'utf8'), readFileSync(ws.path('data/b.txt'), 'utf8'), existsSync(ws.path('data/extra.txt'))], [V1, 'bee', false]);
    assert.equal((await workspaceFiles(ctx, 'data'))?.hash, old.hash);
  });

  it('lists what the cache lacks and refuses to restore then, touching nothing', async () => {
    await cacheContent('bee');
    const plan = await planRestore(ctx.storeRoot, ws.dir, 'data', old.files ?? [], (await workspaceFiles(ctx, 'data'))?.files ?? null);
    assert.deepEqual(plan.missing.map((f) => f.path), ['data/a.csv']);
    await assert.rejects(applyRestore(ctx.storeRoot, ws.dir, plan), /1 file\(s\) are not in the data cache/);
    assert.equal(readFileSync(ws.path('data/a.csv'), 'utf8'), V2);
  });

  it('refuses a recorded path outside the workspace', async () => {
    await assert.rejects(planRestore(ctx.storeRoot, ws.dir, 'x', [{ path: '../evil', size: 1, sha256: 'a'.repeat(64) }], null), /not a path inside the workspace/);
  });
});
