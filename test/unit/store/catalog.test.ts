// The catalog of param, metric and dataset names beside the summary index (store/catalog.ts,
// catalogFile.ts): what it names, extended by the index's new batches without a rebuild, rebuilt
// when the index is rewritten or the catalog is lost, and the runs it may not cover yet.
import * as assert from 'node:assert/strict';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogJson, catalogOf } from '../../../src/core/store/catalog';
import { RunStore } from '../../../src/core/store/store';
import { tempWorkspace } from './helpers/util';

const base = { command: ['x'], shell: false, cwd: '/w', env: {} };

describe('store catalog of names', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let store: RunStore;
  const catalogFile = (): string => join(ws.dir, '.runlens', 'index', 'catalog-1.json');

  /** A finished run with `params` and one value of each metric in `metrics`. */
  async function finished(experiment: string | null, params: Record<string, string | number | boolean>, metrics: string[]): Promise<string> {
    const w = await store.createRun({ ...base, experiment, params });
    if (metrics.length > 0) {
      await w.appendMetrics([{ time: Date.now(), step: 0, values: Object.fromEntries(metrics.map((m) => [m, 0.5])) }]);
      await w.ingest();
    }
    await w.finish({ status: 'finished', exitCode: 0, signal: null });
    return w.id;
  }

  const names = async (): Promise<ReturnType<typeof catalogJson> | undefined> => {
    const read = await RunStore.open(ws.dir).summaryCatalog();
    return read && catalogJson(read.catalog);
  };

  beforeEach(async () => {
    ws = tempWorkspace();
    store = RunStore.open(ws.dir);
    await finished('train', { lr: 0.1, model: 'vit' }, ['loss']);
    await finished(null, { lr: 'auto', seed: 1 }, ['acc']);
    await finished('train', { lr: 0.01, flag: true }, ['loss', 'acc']);
  });
  afterEach(() => ws.cleanup());

  it('is there only once the store has a summary index', async () => {
    assert.equal(await store.summaryCatalog(), undefined);
    await store.listSummaries();
    assert.ok(await store.summaryCatalog());
  });

  it('names what a walk over the runs names: params with their kinds, metrics with their experiments', async () => {
    const runs = await store.listSummaries();
    const read = await RunStore.open(ws.dir).summaryCatalog();
    assert.deepEqual(read && catalogJson(read.catalog), catalogJson(catalogOf(runs)));
    assert.deepEqual(read?.catalog.params.get('lr'), 'mixed');
    assert.deepEqual(read?.catalog.params.get('flag'), 'boolean');
    assert.deepEqual([...(read?.catalog.metrics.get('acc') ?? [])].sort(), ['', 'train']);
    assert.deepEqual(read?.unindexed, []);
  });

  it('says which runs changed since the index\'s last batch, and takes their names in with the next batch, without a rebuild', async () => {
    await store.listSummaries();
    await store.summaryCatalog(); // saves the catalog file
    // A name no run has, put into the saved catalog: it survives only if the catalog is extended, not rebuilt.
    const saved = JSON.parse(readFileSync(catalogFile(), 'utf8')) as { params: Record<string, string> };
    saved.params.sentinel = 'string';
    writeFileSync(catalogFile(), JSON.stringify(saved));
    const id = await finished('train', { lr: 0.1, momentum: 0.9 }, ['f1']);
    const before = await store.summaryCatalog();
    assert.deepEqual(before?.unindexed, [id], 'the new run is journaled after the index\'s batch');
    assert.equal(before?.catalog.params.has('momentum'), false);
    await store.listSummaries(); // appends the new run's batch to the index
    const after = await store.summaryCatalog();
    assert.deepEqual(after?.unindexed, []);
    assert.equal(after?.catalog.params.get('momentum'), 'number');
    assert.ok(after?.catalog.metrics.has('f1'));
    assert.ok(after?.catalog.params.has('sentinel'), 'extended from the saved catalog');
  });

  it('is rebuilt from the index when the index was rewritten or the catalog lost or damaged', async () => {
    await store.listSummaries();
    await store.summaryCatalog();
    const saved = JSON.parse(readFileSync(catalogFile(), 'utf8')) as { params: Record<string, string> };
    saved.params.sentinel = 'string';
    writeFileSync(catalogFile(), JSON.stringify(saved));
    const flagged = (await store.listSummaries()).find((r) => 'flag' in r.params);
    assert.ok(flagged);
    await store.delete(flagged.id);
    rmSync(join(ws.dir, '.runlens', 'index', 'summaries-1.jsonl'));
    const runs = await store.listSummaries(); // rebuilds the index: another file, without the deleted run
    assert.equal(runs.length, 2);
    assert.deepEqual(await names(), catalogJson(catalogOf(runs)), 'the sentinel and the deleted run\'s names are gone: rebuilt');
    assert.equal((await names())?.params.flag, undefined);
    writeFileSync(catalogFile(), '{"runlensCatalog":"summaries","format":1,"params":[');
    assert.deepEqual(await names(), catalogJson(catalogOf(runs)));
    rmSync(catalogFile());
    assert.deepEqual(await names(), catalogJson(catalogOf(runs)));
  });

  it('gives up rather than rebuild when asked to (a caller holding the runs walks them instead), and extends without a rebuild either way', async () => {
    await store.listSummaries();
    assert.equal(await store.summaryCatalog({ rebuild: false }), undefined, 'no catalog file yet');
    await store.summaryCatalog();
    await finished('train', { lr: 0.2, dropout: 0.1 }, []);
    await store.listSummaries();
    assert.equal((await store.summaryCatalog({ rebuild: false }))?.catalog.params.get('dropout'), 'number');
  });

  it('cannot say what changed when the journal was replaced since the index\'s batch', async () => {
    await store.listSummaries();
    const journal = join(ws.dir, '.runlens', 'journal.log');
    const text = readFileSync(journal, 'utf8');
    writeFileSync(`${journal}.new`, text);
    renameSync(`${journal}.new`, journal); // same size, another file
    assert.equal((await store.summaryCatalog())?.unindexed, undefined);
  });
});
