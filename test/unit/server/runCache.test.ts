// The server's run cache on a real store: one listing, then only the runs announced as changed are
// re-read; a missing store is empty and an unreadable one reports why instead of throwing.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore } from '../../../src/core/store/store';
import { RunCache, storeDirFor } from '../../../src/server/runCache';
import { isClientMessage, isInitOptions, isServerMessage } from '../../../src/protocol/languageServer';

describe('language server run cache', () => {
  let dir: string;
  let storeDir: string;
  let store: RunStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'runlens-lsp-'));
    storeDir = join(dir, 'custom-store');
    store = RunStore.open(dir, { storeDir });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const create = async (name: string, lr: number): Promise<string> => {
    const w = await store.createRun({ name, experiment: 'train', command: ['python', 'train.py'], shell: false, cwd: dir, params: { lr }, env: {} });
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
    return w.id;
  };

  it('lists once, then re-reads only the runs it is told changed', async () => {
    await create('first', 0.1);
    const cache = new RunCache();
    const before = await cache.runsOf(storeDir, 'train');
    assert.deepEqual(before.ok && before.runs.map((r) => r.name), ['first']);
    const second = await create('second', 0.2);
    // Not announced yet: the cache answers from memory.
    const cached = await cache.runs(storeDir);
    assert.deepEqual(cached.ok && cached.runs.map((r) => r.name), ['first']);
    cache.changed(storeDir, [second]);
    const after = await cache.runs(storeDir);
    assert.deepEqual(after.ok && after.runs.map((r) => r.name), ['second', 'first']);
    await store.update(second, { name: 'renamed' });
    await store.delete((await store.getRun('first'))?.id ?? '');
    cache.changed(storeDir, null);
    const relisted = await cache.runs(storeDir);
    assert.deepEqual(relisted.ok && relisted.runs.map((r) => r.name), ['renamed']);
    assert.deepEqual(await cache.runsOf(storeDir, 'other'), { ok: true, runs: [] });
  });

  it('holds the summary index\'s records, never whole manifests (the manifest index is not even built)', async () => {
    const id = await create('first', 0.1);
    const cache = new RunCache();
    const listed = await cache.runs(storeDir);
    assert.ok(listed.ok);
    assert.deepEqual(Object.keys(listed.runs[0] ?? {}).includes('command'), false);
    assert.equal(existsSync(join(storeDir, 'index', 'summaries-1.jsonl')), true);
    assert.equal(existsSync(join(storeDir, 'index', 'manifests-1.jsonl')), false);
    // A change re-read from run.json is kept as a summary too.
    await store.update(id, { note: 'n' });
    cache.changed(storeDir, [id]);
    const after = await cache.runs(storeDir);
    assert.deepEqual(after.ok && after.runs.map((r) => [r.name, 'command' in r, (r as { note?: string }).note]), [['first', false, 'n']]);
  });

  it('reads a store that does not exist as empty, and reports an unreadable one', async () => {
    const problems: string[] = [];
    const cache = new RunCache((d, message) => problems.push(`${d}: ${message}`));
    assert.deepEqual(await cache.runs(join(dir, 'nowhere')), { ok: true, runs: [] });
    mkdirSync(storeDir, { recursive: true });
    writeFileSync(join(storeDir, 'format.json'), '{ not json');
    const result = await cache.runs(storeDir);
    assert.equal(result.ok, false);
    assert.match(result.ok ? '' : result.message, /not valid JSON/);
    assert.equal((await cache.runs(storeDir)).ok, false, 'retried, still unreadable');
    assert.equal(problems.length, 1, 'the same problem is reported once');
  });

  it('picks the store of the innermost workspace folder holding the config, else the store RUNLENS_STORE names or .runlens beside it', () => {
    const stores = [{ folder: '/w', storeDir: '/w/.runlens' }, { folder: '/w/sub', storeDir: '/elsewhere/store' }];
    assert.equal(storeDirFor('/w/sub/runlens.yaml', stores), '/elsewhere/store');
    assert.equal(storeDirFor('/w/runlens.yaml', stores), '/w/.runlens');
    assert.equal(storeDirFor('/other/runlens.yaml', stores), '/other/.runlens');
    assert.equal(storeDirFor('/wx/runlens.yaml', stores), '/wx/.runlens');
    // Outside the client's folders, RUNLENS_STORE applies as in the CLI (relative to the config's folder).
    assert.equal(storeDirFor('/other/runlens.yaml', stores, { RUNLENS_STORE: 'runs-here' }), '/other/runs-here');
    assert.equal(storeDirFor('/w/runlens.yaml', stores, { RUNLENS_STORE: 'runs-here' }), '/w/.runlens', 'the client\'s store wins');
  });

  it('checks every custom message on receipt', () => {
    assert.ok(isClientMessage({ type: 'runsChanged', storeDir: '/s', runIds: ['a'] }));
    assert.ok(isClientMessage({ type: 'runsChanged', storeDir: '/s', runIds: null }));
    assert.ok(isClientMessage({ type: 'stores', stores: [{ folder: '/w', storeDir: '/w/.runlens' }] }));
    assert.ok(!isClientMessage({ type: 'runsChanged', storeDir: '/s', runIds: [1] }));
    assert.ok(!isClientMessage({ type: 'stores', stores: [{ folder: '/w' }] }));
    assert.ok(!isClientMessage({ type: 'storeProblem', storeDir: '/s', message: 'x' }));
    assert.ok(isServerMessage({ type: 'storeProblem', storeDir: '/s', message: 'x' }));
    assert.ok(!isServerMessage({ type: 'storeProblem', storeDir: '/s' }));
    assert.ok(isInitOptions({ stores: [] }));
    assert.ok(!isInitOptions(null));
    assert.ok(isInitOptions({}), 'an editor other than VS Code sends no stores');
    assert.ok(isInitOptions({ stores: [], suggestCommand: 'editor.action.triggerSuggest', forwardsRunChanges: true }));
    assert.ok(!isInitOptions({ suggestCommand: 3 }));
    assert.ok(!isInitOptions({ forwardsRunChanges: 'yes' }));
  });
});
