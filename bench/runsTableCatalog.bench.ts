// The Runs Table's column names: a walk over every run's params and metrics (what the table did
// before the catalog) against the store's catalog beside its summary index (core/store/catalogFile.ts),
// read when up to date, extended by one new batch, and rebuilt from the whole index. A store of
// RUNLENS_BENCH_CATALOG runs (default 10,000) × 200 params and 20 metrics, generated on disk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogOf } from '../src/core/store/catalog';
import { catalogPath } from '../src/core/store/catalogFile';
import { StoreLayout } from '../src/core/store/layout';
import { RunStore } from '../src/core/store/store';
import { report, timeMedian } from './report';
import { generateRuns } from './runsStore';

export async function bench(): Promise<void> {
  const count = Number(process.env.RUNLENS_BENCH_CATALOG ?? 10_000);
  const workspace = mkdtempSync(join(tmpdir(), 'runlens-bench-catalog-'));
  try {
    await generateRuns(workspace, { count, experiments: ['train', 'eval'], prefix: 'cat', wide: { params: 200, metrics: 20 } });
    const store = RunStore.open(workspace);
    const runs = await store.listSummaries(); // builds the summary index, as a store in use has it
    const label = `${count} runs × ${200 + 3} params, ${20 + 2} metrics`;
    let names = 0;
    const walk = await timeMedian(3, () => { names = catalogOf(runs).params.size; });
    report({ name: `Runs Table column names, ${label}: walking every run (before; ${names} params)`, value: walk, unit: 'ms', target: 'info', pass: true });

    const path = catalogPath(new StoreLayout(join(workspace, '.runlens')));
    const rebuild = await timeMedian(3, async () => {
      rmSync(path, { force: true });
      await store.summaryCatalog();
    });
    report({ name: `Runs Table column names, ${label}: the catalog rebuilt from the whole index (once per index rewrite)`, value: rebuild, unit: 'ms', target: 'info', pass: true });
    const upToDate = await timeMedian(5, () => store.summaryCatalog());
    report({ name: `Runs Table column names, ${label}: the catalog read, up to date`, value: upToDate, unit: 'ms', target: '<= 50 ms', pass: upToDate <= 50 });

    const extended: number[] = [];
    for (let k = 0; k < 3; k++) {
      const w = await store.createRun({ experiment: 'train', command: ['x'], shell: false, cwd: workspace, params: { lr: 0.1, [`new${k}`]: k }, env: {} });
      await w.finish({ status: 'finished', exitCode: 0, signal: null });
      await store.withListing(() => Promise.resolve()); // the listing appends the run's batch to the index
      const t0 = process.hrtime.bigint();
      const read = await store.summaryCatalog();
      extended.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!read?.catalog.params.has(`new${k}`)) throw new Error(`the catalog lacks new${k} after its batch`);
    }
    const worst = Math.max(...extended);
    report({ name: `Runs Table column names, ${label}: the catalog extended by one new run's batch (worst of 3)`, value: worst, unit: 'ms', target: '<= 50 ms', pass: worst <= 50 });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}
