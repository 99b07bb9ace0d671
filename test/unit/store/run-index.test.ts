// The listing index at scale (store/run-index.ts, index-file.ts, listing.ts): incremental batches,
// compaction, damaged files rebuilt with a warning, concurrent writers, removed runs, the old
// index.json, and the summaries listings hand out.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendBatch, readIndexFile } from '../../../src/core/store/index-file';
import { readManifest, writeManifest } from '../../../src/core/store/manifest';
import { StoreLayout } from '../../../src/core/store/layout';
import { indexedTerminalIds } from '../../../src/core/store/run-index';
import { RunStore } from '../../../src/core/store/store';
import { summarize, type RunSummary } from '../../../src/core/store/summary';
import { runChild, tempWorkspace } from './helpers/util';

const base = { experiment: 'e', command: ['x'], shell: false, cwd: '/w', params: { lr: 0.1 }, env: {} };

describe('store listing index', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let warnings: string[];
  let store: RunStore;
  let ids: string[]; // newest first
  const indexFile = (): string => join(ws.dir, '.runlens', 'index', 'summaries-1.jsonl');
  const runJson = (id: string): string => join(ws.dir, '.runlens', 'runs', id, 'run.json');
  const open = (): RunStore => RunStore.open(ws.dir, { onWarning: (m) => warnings.push(m) });
  const recordLines = (): string[] => readFileSync(indexFile(), 'utf8').split('\n').filter((l) => l.startsWith('{"id":'));
  /** What a listing must show: every run.json read afresh. */
  const truth = async (): Promise<RunSummary[]> =>
    Promise.all(ids.map(async (id) => summarize((await readManifest(join(ws.dir, '.runlens', 'runs', id), id))!)));

  beforeEach(async () => {
    ws = tempWorkspace();
    warnings = [];
    store = open();
    ids = [];
    for (let i = 0; i < 6; i++) {
      const w = await store.createRun({ ...base, tags: i % 2 ? ['odd'] : [] });
      await w.finish({ status: 'finished', exitCode: 0, signal: null });
      ids.unshift(w.id);
    }
  });
  afterEach(() => ws.cleanup());

  it('hands out summaries with code, data, verdict, Slurm task and non-finite values, as run.json has them', async () => {
    const m = (await readManifest(join(ws.dir, '.runlens', 'runs', ids[1]!), ids[1]!))!;
    await writeManifest(join(ws.dir, '.runlens', 'runs', m.id), {
      ...m, verdict: 'diverged', metrics: { loss: { count: 2, last: NaN, lastStep: 1, min: 0.5, max: 0.5, nonFinite: 1 } },
      slurm: { submission: 'sub', task: 3, attempts: [{ startedAt: null, endedAt: null, status: 'failed', error: 'Slurm: TIMEOUT' }] },
      code: { commit: 'c'.repeat(40), branch: 'main', dirty: true } as unknown as typeof m.code,
      data: { hashing: true, datasets: [{ spec: 'data', hash: 'd'.repeat(64), files: 1, bytes: 1, errors: 0, skipped: 0, missing: false }], outputs: [], warnings: [] },
    });
    await store.listSummaries(); // builds the index
    const s = (await open().listSummaries()).find((r) => r.id === ids[1]);
    assert.deepEqual(s?.code, { commit: 'c'.repeat(40), branch: 'main', dirty: true });
    assert.deepEqual(s?.datasets, [{ spec: 'data', hash: 'd'.repeat(64) }]);
    assert.equal(s?.verdict, 'diverged');
    assert.deepEqual(s?.slurm, { submission: 'sub', task: 3 }, 'an ended Slurm run is still known as one (its menu entries)');
    assert.ok(Number.isNaN(s?.metrics.loss?.last));
    assert.deepEqual(await open().listSummaries(), await truth());
    assert.deepEqual(warnings, []);
  });

  it('records an edit as one appended batch, reading no other run.json', async () => {
    await store.listSummaries();
    const before = readFileSync(indexFile(), 'utf8');
    // Unchanged runs must come from the index: a listing that read their run.json would warn.
    for (const id of ids.slice(2)) writeFileSync(runJson(id), 'not json');
    await open().update(ids[1]!, { note: 'edited' });
    const listed = await open().listSummaries();
    assert.equal(listed.find((s) => s.id === ids[1])?.note, 'edited');
    assert.equal(listed.length, 6);
    assert.deepEqual(warnings, []);
    const after = readFileSync(indexFile(), 'utf8');
    assert.ok(after.startsWith(before), 'the index was appended to, not rewritten');
    const added = after.slice(before.length).trim().split('\n');
    assert.equal(added.length, 2, 'one record and its checkpoint');
    assert.ok(added[0]!.startsWith(`{"id":"${ids[1]}"`));
  });

  it('compacts an index whose superseded lines outnumber the live ones', async () => {
    await store.listSummaries();
    const line = recordLines()[0]!;
    const read = await readIndexFile(indexFile(), 'summaries');
    assert.equal(read.kind, 'ok');
    if (read.kind !== 'ok') return;
    await read.file.close();
    // 1,200 stale copies of one record, as many edits of one run would leave.
    await appendBatch(indexFile(), Array.from({ length: 1200 }, () => line), [], read.file.checkpoint);
    assert.equal(recordLines().length, 1206);
    assert.deepEqual(await open().listSummaries(), await truth());
    assert.equal(recordLines().length, 6, 'rewritten with one record per run');
  });

  it('rebuilds a garbled index with a warning, and ignores a torn last batch', async () => {
    await store.listSummaries();
    const text = readFileSync(indexFile(), 'utf8');
    // A record whose start is damaged: found by the scan.
    writeFileSync(indexFile(), text.replace(`{"id":"${ids[2]}"`, `{"xx":"${ids[2]}"`));
    assert.deepEqual(await open().listSummaries(), await truth());
    assert.match(warnings.join('\n'), /listing index .* is damaged \(the line at byte \d+ is not a record\); it is rebuilt/);
    assert.equal(recordLines().length, 6);
    // A record damaged inside: found when it is read; the run is read from its run.json instead.
    warnings = [];
    writeFileSync(indexFile(), readFileSync(indexFile(), 'utf8').replace('"note":""', '"note"::"'));
    assert.deepEqual(await open().listSummaries(), await truth());
    assert.match(warnings.join('\n'), /is damaged \(the record of run \S+ is garbled\)/);
    assert.deepEqual(await open().listSummaries(), await truth());
    assert.ok(!readFileSync(indexFile(), 'utf8').includes('::'), 'rebuilt by the next listing');
    // A batch cut short (its writer died): the cut batch is left out, and the file is rewritten whole.
    warnings = [];
    await open().update(ids[0]!, { note: 'late' });
    await open().listSummaries();
    truncateSync(indexFile(), readFileSync(indexFile()).length - 10);
    assert.deepEqual(await open().listSummaries(), await truth());
    assert.deepEqual(warnings, []);
    assert.ok(readFileSync(indexFile(), 'utf8').endsWith('}\n'));
    // Another batch appended after torn bytes no longer adds up: rebuilt with a warning.
    const whole = readFileSync(indexFile(), 'utf8');
    writeFileSync(indexFile(), `${whole.slice(0, -30)}\n${whole.slice(whole.indexOf('\n') + 1)}`);
    assert.deepEqual(await open().listSummaries(), await truth());
    assert.match(warnings.join('\n'), /is damaged/);
  });

  it('drops runs deleted, trashed or turned non-terminal, and their records', async () => {
    await store.listSummaries();
    await store.delete(ids[0]!);
    rmSync(join(ws.dir, '.runlens', 'runs', ids[1]!), { recursive: true }); // by hand: not journaled
    const listed = await open().listSummaries();
    assert.deepEqual(listed.map((s) => s.id), ids.slice(2));
    const read = await readIndexFile(indexFile(), 'summaries');
    assert.equal(read.kind, 'ok');
    if (read.kind !== 'ok') return;
    await read.file.close();
    assert.deepEqual([...read.file.offsets.keys()].sort(), ids.slice(2).sort());
    await store.restore(ids[0]!);
    assert.deepEqual((await open().listSummaries()).map((s) => s.id), [ids[0], ...ids.slice(2)]);
  });

  it('ignores and removes the index.json of earlier versions', async () => {
    const legacy = join(ws.dir, '.runlens', 'index.json');
    writeFileSync(legacy, JSON.stringify({ format: 1, journalOffset: 0, journalIno: 0, runs: [{ ...(await truth())[0], name: 'ghost' }] }));
    assert.deepEqual(await store.listSummaries(), await truth());
    assert.equal(existsSync(legacy), false);
  });

  it('stays exact with several processes editing and listing at once', async function () {
    this.timeout(120_000);
    const children = [0, 1, 2].map((k) => runChild('edit-list', ws.dir, '8', ids[2 * k]!, ids[2 * k + 1]!));
    let done = false;
    const reading = (async () => {
      while (!done) assert.equal((await open().listSummaries()).length, 6);
    })();
    await Promise.all(children).finally(() => { done = true; });
    await reading;
    const listed = await open().listSummaries();
    assert.deepEqual(listed.map((s) => s.note), ids.map(() => 'note 8'));
    assert.deepEqual(listed, await truth());
    // What the index itself holds is exact too: a listing with no journal news reads only the index.
    for (const id of ids) writeFileSync(runJson(id), 'not json');
    assert.deepEqual((await open().listSummaries()).map((s) => s.note), ids.map(() => 'note 8'));
    assert.deepEqual(warnings, []);
  });

  it('streams records from the index: json() is the record get() parses', async () => {
    await store.listSummaries();
    await open().withListing(async (listing) => {
      assert.equal(listing.size, 6);
      for (let i = 0; i < listing.size; i++) assert.deepEqual(JSON.parse((await listing.json(i))!), JSON.parse(JSON.stringify(await listing.get(i))));
    });
  });

  it('names the terminal runs of either index, so a watch starts without reading them (a store listed by listRuns only)', async () => {
    const layout = new StoreLayout(join(ws.dir, '.runlens'));
    const live = await store.createRun(base);
    assert.deepEqual(await indexedTerminalIds(layout), new Set(), 'no index yet');
    await store.listRuns(); // the manifest index only
    assert.ok(!existsSync(indexFile()));
    assert.deepEqual([...await indexedTerminalIds(layout)].sort(), [...ids].sort(), 'the finished runs, not the live one');
    await store.listSummaries();
    assert.ok(!(await indexedTerminalIds(layout)).has(live.id));
  });
});
