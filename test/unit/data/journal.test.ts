// The change journal: trusted only while its lease is live and its generation matches, after a sync
// through the watcher; a dataset with nothing logged under it since its last verified walk is not
// stat-ed, anything else (a change, a dead lease, an edit before the first heartbeat) is walked.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { HashCache } from '../../../src/core/data/cache';
import { hashDatasets } from '../../../src/core/data/hash';
import { BURST_EVENTS, journalFiles } from '../../../src/core/data/journal';
import { excludeAnchors, liveLease, openLiveJournal, touches } from '../../../src/core/data/journalRead';
import { walkSpec } from '../../../src/core/data/walk';
import { parseSpec } from '../../../src/core/data/spec';
import { printKey, unchangedVersions } from '../../../src/core/data/walkPrint';
import { keepJournal, type KeptJournal } from './helpers/journal';
import { tempWorkspace, type TempWorkspace } from './helpers/ws';

const PAST = new Date('2024-01-02T03:04:05Z');

describe('change journal', () => {
  let ws: TempWorkspace;
  let store: string;
  let kept: KeptJournal | undefined;
  let cache: HashCache;
  beforeEach(async () => {
    ws = tempWorkspace();
    store = ws.path('.runlens');
    for (const f of ['data/a.csv', 'data/b.csv', 'other/c.csv']) {
      ws.write(f, `x\n${f}\n`);
      utimesSync(ws.path(f), PAST, PAST);
    }
    cache = await HashCache.open(store);
    await hashDatasets(ws.dir, ['data', 'other'], { cache });
  });
  afterEach(async () => {
    await kept?.stop();
    kept = undefined;
    ws.cleanup();
  });

  /** One status-like check: sync with the journal (if live) and ask which specs are unchanged. */
  async function check(specs = ['data', 'other']): Promise<{ journal: boolean; unchanged: string[] }> {
    const journal = await openLiveJournal(store, ws.dir, 10_000);
    const hits = await unchangedVersions(ws.dir, specs, cache, undefined, journal);
    return { journal: journal !== null, unchanged: [...hits.keys()].sort() };
  }

  /** A same-size edit whose stamp a walk sees (new mtime), with no help from the racy window. */
  function edit(rel: string): void {
    writeFileSync(ws.path(rel), `x\n${rel.replace(/./g, 'z')}\n`);
    utimesSync(ws.path(rel), new Date(PAST.getTime() + 5000), new Date(PAST.getTime() + 5000));
  }

  it('skips the stats of a dataset nothing touched since its last walk, and sees a change made while it is live', async () => {
    kept = await keepJournal(store, ws.dir);
    await kept.attach();
    assert.deepEqual(await check(), { journal: true, unchanged: ['data', 'other'] }, 'the first check walks and records where the journal stood');
    edit('data/a.csv');
    assert.deepEqual(await check(), { journal: true, unchanged: ['other'] }, 'the edit is in the journal: data is walked and found changed');
    // A watcher that stopped delivering fails the sync: the journal is not used at all.
    kept.unwatch();
    const journal = await openLiveJournal(store, ws.dir, 50);
    assert.equal(journal, null, 'no sync without a watcher: the journal is not trusted');
  });

  it('trusts the journal for an untouched dataset without walking it', async () => {
    kept = await keepJournal(store, ws.dir);
    await kept.attach();
    await check();
    const journal = await openLiveJournal(store, ws.dir, 10_000);
    assert.ok(journal);
    // Changed behind the journal's back after the sync (as if the event were lost): a walk would see it.
    edit('other/c.csv');
    const hits = await unchangedVersions(ws.dir, ['data', 'other'], cache, undefined, journal);
    assert.deepEqual([...hits.keys()].sort(), ['data', 'other'], 'neither dataset was walked');
  });

  it('falls back to the full walk when the lease is dead: heartbeat too old, or its process gone', async () => {
    kept = await keepJournal(store, ws.dir);
    await kept.attach();
    await check();
    await kept.writer.heartbeat(Date.now() - 10 * 60_000);
    assert.equal(await liveLease(store, ws.dir), null);
    kept.unwatch();
    edit('other/c.csv');
    assert.deepEqual(await check(), { journal: false, unchanged: ['data'] }, 'walked: the unreported edit is seen');

    const lease = JSON.parse(readFileSync(journalFiles(store).lease, 'utf8')) as Record<string, unknown>;
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(journalFiles(store).lease, JSON.stringify({ ...lease, heartbeat: Date.now(), pid: gone }));
    assert.equal(await liveLease(store, ws.dir), null, 'a finished process holds no lease');
    writeFileSync(journalFiles(store).lease, JSON.stringify({ ...lease, heartbeat: Date.now(), host: `${hostname()}-elsewhere` }));
    assert.equal(await liveLease(store, ws.dir), null, "another machine's pid means nothing here");
  });

  it('does not miss an edit made between the journal start and its first heartbeat', async () => {
    kept = await keepJournal(store, ws.dir);
    assert.deepEqual(await check(), { journal: false, unchanged: ['data', 'other'] }, 'no lease before the first heartbeat: walked');
    edit('data/b.csv'); // the watcher is not there yet: no event is logged for this edit
    await kept.attach();
    assert.deepEqual(await check(), { journal: true, unchanged: ['other'] }, 'no check of this generation vouched for data: walked, the edit seen');
  });

  it('does not trust a check verified in another generation', async () => {
    kept = await keepJournal(store, ws.dir);
    await kept.attach();
    await check();
    await kept.stop();
    edit('data/a.csv');
    kept = await keepJournal(store, ws.dir);
    await kept.attach();
    assert.deepEqual(await check(), { journal: true, unchanged: ['other'] });
  });

  it('starts a new generation after a burst of events the watcher may have dropped some of', async () => {
    kept = await keepJournal(store, ws.dir);
    await kept.attach();
    await check();
    const verified = (): string | undefined => cache.prints.get(printKey(ws.dir, 'other'))?.journal?.token;
    const before = kept.writer.generation;
    assert.equal(verified(), before);
    await check();
    assert.equal(verified(), before, 'trusted, not walked again: the record stays as it was');
    for (let i = 0; i < BURST_EVENTS; i++) kept.writer.record(`build/tmp-${i}`);
    await kept.writer.flush();
    assert.notEqual(kept.writer.generation, before);
    assert.deepEqual(await check(), { journal: true, unchanged: ['data', 'other'] });
    assert.equal(verified(), kept.writer.generation, 'walked again after the burst, and verified in the new generation');
  });

  it('never vouches for a dataset holding a folder an exclude pattern can hide, nor for one it cannot judge', async () => {
    ws.write('data/node_modules/pkg/x.js', '1');
    utimesSync(ws.path('data/node_modules/pkg/x.js'), PAST, PAST);
    await hashDatasets(ws.dir, ['data', 'other'], { cache });
    kept = await keepJournal(store, ws.dir, ['**/node_modules/*/**']);
    await kept.attach();
    await check();
    const journal = await openLiveJournal(store, ws.dir, 10_000);
    assert.ok(journal);
    edit('data/a.csv');
    edit('other/c.csv');
    kept.unwatch();
    const hits = await unchangedVersions(ws.dir, ['data', 'other'], cache, undefined, journal);
    assert.deepEqual([...hits.keys()], ['other'], 'data holds node_modules: walked; other: vouched for by the journal');
    assert.equal(excludeAnchors(['data/**']), null);
  });

  it('reads exclude patterns: pruned folders hide nothing, anchored folders are named, anything else trusts nothing', () => {
    assert.deepEqual(excludeAnchors(['**/.git/objects/**', '**/.runlens/**']), new Set());
    assert.deepEqual(excludeAnchors(['**/node_modules/*/**', '**/.hg/store/**']), new Set(['node_modules', '.hg']));
    for (const p of ['**/*.tmp', 'data/**', '**/cache', '**/cache/**']) assert.equal(excludeAnchors([p]), null, p);
  });

  it('counts a change to the dataset folder, anything in it, or a folder above it', () => {
    assert.ok(touches('data', 'data'));
    assert.ok(touches('data', 'data/x/y.csv'));
    assert.ok(touches('data/x', 'data'), 'a parent renamed or deleted');
    assert.ok(touches('', 'anything'));
    assert.ok(!touches('data', 'database.csv'));
    assert.ok(!touches('data', 'other/data'));
  });

  it('leaves the sync files of a check out of a walk of the workspace root', async () => {
    ws.write('.runlens-sync-0123', '');
    const w = await walkSpec(ws.dir, parseSpec(ws.dir, '.'));
    assert.ok(!w.files.some((f) => f.rel.startsWith('.runlens-sync-')));
    assert.ok(w.files.some((f) => f.rel === 'data/a.csv'));
  });
});
