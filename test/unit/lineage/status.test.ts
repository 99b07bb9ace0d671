// statusOf against real files: an unchanged input is settled by its walk fingerprint without the
// per-file pass, an in-place edit that keeps the size is still found, and a run that read an older
// version still gets the files that changed even when the workspace has not moved since.
import * as assert from 'node:assert/strict';
import { utimesSync, writeFileSync } from 'node:fs';
import { HashCache } from '../../../src/core/data/cache';
import { hashDatasets } from '../../../src/core/data/hash';
import { statusOf, workspaceHashes } from '../../../src/core/lineage/status';
import { type VersionRecord } from '../../../src/core/lineage/types';
import { tempWorkspace, type TempWorkspace } from '../data/helpers/ws';
import { run } from './fixtures';

const PAST = new Date('2024-01-02T03:04:05Z');

describe('statusOf over a real workspace', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace();
    ws.write('data/a.csv', 'x\n1\n');
    ws.write('data/b.csv', 'x\n2\n');
    for (const f of ['data/a.csv', 'data/b.csv']) utimesSync(ws.path(f), PAST, PAST);
  });
  afterEach(() => ws.cleanup());

  async function version(cache: HashCache): Promise<VersionRecord> {
    const m = (await hashDatasets(ws.dir, ['data'], { cache })).manifests[0];
    assert.ok(m);
    return { spec: m.spec, hash: m.hash, bytes: m.bytes, fileCount: m.files.length, files: m.files };
  }

  /** Rewrites data/a.csv in place with content of the same size and another (old) mtime. */
  function editInPlace(content: string, seconds: number): void {
    writeFileSync(ws.path('data/a.csv'), content);
    const t = new Date(PAST.getTime() + seconds * 1000);
    utimesSync(ws.path('data/a.csv'), t, t);
  }

  it('settles an unchanged input without hashing, then still sees a same-size in-place edit', async () => {
    const cache = HashCache.memory();
    const train = run('train', [await version(cache)], []);
    const quiet = await statusOf([train], ws.dir, cache);
    assert.equal(quiet.stale, 0);
    assert.deepEqual([quiet.hashing.filesHashed, quiet.hashing.cacheHits], [0, 2]);
    editInPlace('x\n7\n', 5);
    const after = await statusOf([train], ws.dir, cache);
    assert.equal(after.stale, 1);
    assert.match(after.runs[0]?.reasons[0]?.message ?? '', /1 file changed \(data\/a\.csv\)/);
  });

  it('names the changed files for a run that read an older version, when nothing moved since the last check', async () => {
    const cache = HashCache.memory();
    const train = run('train', [await version(cache)], []);
    editInPlace('x\n8\n', 9);
    assert.equal((await statusOf([train], ws.dir, cache)).stale, 1);
    // The workspace is fingerprinted at its new version now; the run still read the old one.
    const again = await statusOf([train], ws.dir, cache);
    assert.equal(again.stale, 1);
    assert.match(again.runs[0]?.reasons[0]?.message ?? '', /1 file changed \(data\/a\.csv\)/);
  });

  it('gives the Datasets view and runlens datasets the current hash through the walk fingerprint, hashing only what changed', async () => {
    const cache = HashCache.memory();
    const before = await version(cache);
    const counted = { ...cache.stats };
    const problems: string[] = [];
    assert.deepEqual(await workspaceHashes(ws.dir, ['data', 'gone'], cache, problems), new Map([['data', before.hash], ['gone', null]]));
    assert.equal(cache.stats.cacheHits, counted.cacheHits, 'no per-file lookup: the fingerprint settled it');
    editInPlace('x\n9\n', 7);
    const after = await workspaceHashes(ws.dir, ['data'], cache, problems);
    assert.notEqual(after.get('data'), before.hash);
    assert.equal(after.get('data'), (await hashDatasets(ws.dir, ['data'], { cache: HashCache.memory() })).manifests[0]?.hash);
    assert.deepEqual(problems, []);
  });
});
