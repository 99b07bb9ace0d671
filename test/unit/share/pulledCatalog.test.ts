// The Runs Table's catalog of names and runs that arrive finished from a pull: a pull journals the
// runs it writes (as every writer does), so the store's catalog, read with the runs it names as
// unindexed the way the table reads it, has a new param and metric at once, and the catalog file
// itself has them after the next listing. CLI and real git for the pull; the store's own API after.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { type RunCatalog } from '../../../src/core/store/catalog';
import { catalogPath, withRuns } from '../../../src/core/store/catalogFile';
import { StoreLayout } from '../../../src/core/store/layout';
import { RunStore } from '../../../src/core/store/store';
import { cleanupTemp, git, writeFiles } from '../git/helpers/repo';
import { makeTeam, rl } from './team';

/** A config whose experiment has a param and a metric the other clone's store has never seen. */
const WIDER = `version: 1
experiments:
  train:
    command: node train.js \${lr}
    params: { lr: 0.1, warmup: 3 }
  tune:
    command: node tune.js \${depth}
    params: { depth: 4 }
`;
const TUNE = `console.log('@runlens ' + JSON.stringify({ step: 1, metrics: { f1: 1 / Number(process.argv[2]) } }));\n`;

/** What the Runs Table shows as names: the catalog plus the runs it names as changed since its index batch. */
async function tableNames(store: RunStore): Promise<{ catalog: RunCatalog; unindexed: readonly string[] }> {
  const read = await store.summaryCatalog({ rebuild: false });
  assert.ok(read, 'the catalog exists and covers the index: no rebuild needed');
  assert.ok(read.unindexed, 'the journal is the one the index counts in');
  const runs = await Promise.all(read.unindexed.map((id) => store.getRun(id)));
  return { catalog: withRuns(read.catalog, runs.filter((m) => m !== undefined)), unindexed: read.unindexed };
}

describe('sharing runs: the catalog of names after a pull (CLI, real git)', function () {
  this.timeout(180_000);
  after(() => cleanupTemp());

  it('has the names of pulled finished runs at once, and in the catalog file after the next listing', async () => {
    const team = makeTeam();
    const a = team.clone('Alice', 'alice@example.com');
    const b = team.clone('Bob', 'bob@example.com');
    await rl(b, ['run', 'train', '-p', 'lr=1']);
    const store = RunStore.open(b);
    await store.listSummaries();
    const before = await store.summaryCatalog();
    assert.ok(before && existsSync(catalogPath(new StoreLayout(store.root))), 'Bob\'s store has its catalog');
    assert.equal(before.catalog.params.has('warmup'), false);

    writeFiles(a, { 'runlens.yaml': WIDER, 'tune.js': TUNE });
    git(a, 'add', '-A');
    git(a, 'commit', '-q', '-m', 'wider');
    await rl(a, ['run', 'train', '-p', 'warmup=5']);
    await rl(a, ['run', 'tune']);
    await rl(a, ['push']);
    assert.match((await rl(b, ['pull'])).out, /pulled 2 new/);
    const pulled = (await RunStore.open(a).listSummaries()).map((r) => r.id).sort();

    const now = await tableNames(store);
    assert.deepEqual([...now.unindexed].sort(), pulled, 'the pull journaled the runs it wrote');
    assert.equal(now.catalog.params.get('warmup'), 'number');
    assert.equal(now.catalog.params.get('depth'), 'number');
    assert.deepEqual([...(now.catalog.metrics.get('f1') ?? [])], ['tune']);

    // The next listing indexes them: the catalog file has the names on its own, nothing is unindexed.
    await store.listSummaries();
    const listed = await tableNames(store);
    assert.deepEqual(listed.unindexed, []);
    assert.equal(listed.catalog.params.get('warmup'), 'number');
    assert.deepEqual([...(listed.catalog.metrics.get('f1') ?? [])], ['tune']);
  });
});
