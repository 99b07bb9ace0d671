// Hashing while profiling: the digest of one read equals the standalone hash (CSV, JSON Lines,
// Parquet, a folder), the stat cache learns it, the profile is the one a separate pass gives, and
// a file left to the caller but never read becomes an error entry instead of a silent gap.
import * as assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { HashCache } from '../../../src/core/data/cache';
import { hashDatasets, startHashing } from '../../../src/core/data/hash';
import { profileDataset } from '../../../src/core/profile/dataset';
import { profileAndHash } from '../../../src/core/profile/onePass';
import { profileFile } from '../../../src/core/profile/profileFile';
import { ProfileStore } from '../../../src/core/profile/profileStore';
import { repoRoot } from '../cli/harness';
import { sha256, tempWorkspace, type TempWorkspace } from '../data/helpers/ws';

const FIXTURES = join(repoRoot(), 'test', 'fixtures', 'drift');
/** Old enough for the stat cache to keep the entry (not "racy"). */
const PAST = new Date('2024-01-02T03:04:05Z');

describe('profiling and hashing in one pass', () => {
  let ws: TempWorkspace;
  beforeEach(() => { ws = tempWorkspace(); });
  afterEach(() => ws.cleanup());

  /** Copies the drift fixtures (CSV, Parquet) and a JSON Lines file into data/, dated in the past. */
  function fill(): string[] {
    mkdirSync(ws.path('data'), { recursive: true });
    const names = ['ref_small.csv', 'cur_small.parquet'];
    for (const n of names) copyFileSync(join(FIXTURES, n), ws.path(`data/${n}`));
    // Bigger than one 1 MiB read, so the digest spans several chunks and the carried-over rows.
    const rows = Array.from({ length: 60_000 }, (_, i) => `{"a": ${i % 97}, "b": "k${i % 7}", "c": ${(i * 0.37).toFixed(2)}}`);
    ws.write('data/events.jsonl', `${rows.join('\n')}\n`);
    const csv = Array.from({ length: 80_000 }, (_, i) => `${i},${(i % 13) * 1.5},"q""${i % 5}",x${i % 3}`);
    ws.write('data/wide.csv', `id,v,quoted,cat\n${csv.join('\r\n')}`);
    const all = [...names, 'events.jsonl', 'wide.csv'].map((n) => `data/${n}`);
    for (const f of all) utimesSync(ws.path(f), PAST, PAST);
    return all;
  }

  it('gives each file the digest a standalone hash gives, and the profile a separate pass gives', async () => {
    for (const rel of fill()) {
      const want = sha256(readFileSync(ws.path(rel)));
      const r = await profileAndHash(ws.path(rel));
      assert.ok(r.hash.ok, rel);
      assert.equal(r.hash.sha256, want, rel);
      assert.equal(r.hash.changed, false, rel);
      assert.ok(!('problem' in r.profile), rel);
      const separate = await profileFile(ws.path(rel), want, r.hash.size);
      assert.deepEqual(r.profile, separate, rel);
    }
  });

  it('profiles a folder with the manifest hashDatasets gives, and teaches the stat cache its hashes', async () => {
    fill();
    const standalone = (await hashDatasets(ws.dir, ['data'])).manifests[0];
    const storeRoot = ws.path('.runlens');
    const cache = await HashCache.open(storeRoot);
    const store = new ProfileStore(storeRoot, () => undefined);
    const first = await profileDataset(ws.dir, 'data', { hashCache: cache, store });
    assert.deepEqual(first.manifest, standalone);
    assert.equal(first.files.length, 4);
    assert.ok(first.files.every((f) => !f.cached));
    assert.deepEqual(first.problems, []);
    assert.equal(cache.stats.filesHashed, 4);
    for (const f of first.files) assert.deepEqual(await store.get(f.profile.sha256), f.profile, f.path);
    // The second pass finds every hash in the stat cache and every profile in the store: nothing is read.
    const second = await profileDataset(ws.dir, 'data', { hashCache: cache, store });
    assert.deepEqual(second.manifest, standalone);
    assert.ok(second.files.every((f) => f.cached));
    assert.equal(cache.stats.filesHashed, 4);
    assert.deepEqual(second.profile, first.profile);
  });

  it('makes a left file that its caller never read an error entry, and refuses to settle a file twice', async () => {
    fill();
    const pass = await startHashing(ws.dir, ['data'], { leave: (f) => f.rel.endsWith('.csv') });
    assert.deepEqual(pass.left.map((f) => f.rel).sort(), ['data/ref_small.csv', 'data/wide.csv']);
    const [read, unread] = pass.left;
    const r = await profileAndHash(read!.abs);
    pass.settle(read!, r.hash);
    assert.throws(() => pass.settle(read!, r.hash), /settled already/);
    const m = pass.finish().manifests[0]!;
    assert.deepEqual(m.errors, [{ path: unread!.rel, message: 'not read' }]);
    assert.deepEqual(m.files.map((f) => f.path), ['data/cur_small.parquet', 'data/events.jsonl', read!.rel]);
  });

  it('reports a file that is gone by the time it is read as unreadable, with no profile', async () => {
    const r = await profileAndHash(ws.path('nope.csv'));
    assert.equal(r.hash.ok, false);
    assert.ok('problem' in r.profile);
  });
});
