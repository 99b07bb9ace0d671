// Watching the store: creation, metrics, log and manifest changes of live runs, edits of finished
// runs (through the journal) and removal all reach the listener.
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { RunStore, type StoreEvent } from '../../../src/core/store/store';
import { tempWorkspace } from './helpers/util';

const base = { experiment: null, command: ['x'], shell: false, cwd: '/w', params: {}, env: {} };

describe('store watch', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => { ws = tempWorkspace(); });
  afterEach(() => ws.cleanup());

  it('reports run creation, metrics, log, manifest edits and removal', async function () {
    this.timeout(15_000);
    const store = RunStore.open(ws.dir);
    const events: StoreEvent[] = [];
    const waiter = (pred: (e: StoreEvent) => boolean): Promise<void> => new Promise((resolve, reject) => {
      const t0 = Date.now();
      const tick = (): void => {
        if (events.some(pred)) resolve();
        else if (Date.now() - t0 > 5000) reject(new Error(`no such event in ${JSON.stringify(events)}`));
        else setTimeout(tick, 10);
      };
      tick();
    });
    const watcher = store.watch((e) => events.push(e));
    try {
      const w = await store.createRun(base); // the store did not exist when watching started
      await waiter((e) => e.runId === w.id && e.kind === 'manifest');
      await w.markStarted({ host: 'h', supervisorPid: process.pid, childPid: null }, {});
      await new Promise((r) => setTimeout(r, 100)); // the run dir watcher is attached on the creation event
      await w.appendMetrics([{ time: 1, step: 1, values: { m: 1 } }]);
      await waiter((e) => e.runId === w.id && e.kind === 'metrics');
      const log = w.openLog();
      log.write(Buffer.from('hello\n'));
      await log.close();
      await waiter((e) => e.runId === w.id && e.kind === 'log');
      await w.finish({ status: 'finished', exitCode: 0, signal: null });
      events.length = 0;
      await store.update(w.id, { note: 'edited' }); // a finished run: announced via the journal
      await waiter((e) => e.runId === w.id && e.kind === 'manifest');
      await store.delete(w.id);
      await waiter((e) => e.runId === w.id && e.kind === 'removed');
      watcher.dispose();
      const seen = events.length;
      await store.restore(w.id);
      await new Promise((r) => setTimeout(r, 200));
      if (events.length !== seen) throw new Error('events after dispose()');
    } finally {
      watcher.dispose();
    }
  });

  it('follows a run whose directory exists without its manifest yet when watching starts', async function () {
    this.timeout(15_000);
    const store = RunStore.open(ws.dir);
    const w = await store.createRun(base);
    // The moment between createRun's mkdir and its first manifest write, frozen.
    const manifest = join(store.root, 'runs', w.id, 'run.json');
    renameSync(manifest, `${manifest}.aside`);
    const events: StoreEvent[] = [];
    const watcher = store.watch((e) => events.push(e));
    try {
      // Long enough for the watcher to have listed the runs (it takes milliseconds) before the manifest lands.
      await new Promise((r) => setTimeout(r, 500));
      renameSync(`${manifest}.aside`, manifest);
      // Appends until one is reported: the watcher attaches asynchronously, a missed run never reports.
      for (let i = 0; i < 100 && !events.some((e) => e.runId === w.id && e.kind === 'metrics'); i++) {
        await w.appendMetrics([{ time: i, step: i, values: { m: i } }]);
        await new Promise((r) => setTimeout(r, 50));
      }
      if (!events.some((e) => e.runId === w.id && e.kind === 'metrics')) throw new Error(`no metrics event: ${JSON.stringify(events)}`);
    } finally {
      watcher.dispose();
    }
  });
});
