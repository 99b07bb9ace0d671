// Watching the store: creation, metrics, log and manifest changes of live runs, edits of finished
// runs (through the journal) and removal all reach the listener; live runs over the watch limit wait.
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'node:assert/strict';
import { StoreLayout } from '../../../src/core/store/layout';
import { RunStore, type StoreEvent } from '../../../src/core/store/store';
import { watchStore } from '../../../src/core/store/watch';
import { type RunWriter } from '../../../src/core/store/writer';
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

describe('store watch limit', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeEach(() => { ws = tempWorkspace(); });
  afterEach(() => ws.cleanup());

  /** Appends to `w` until the watcher reports its metrics, up to `tries` times; whether it did. */
  async function metricsSeen(events: StoreEvent[], w: RunWriter, tries: number): Promise<boolean> {
    for (let i = 0; i < tries; i++) {
      await w.appendMetrics([{ time: i, step: i, values: { m: i } }]);
      await new Promise((r) => setTimeout(r, 50));
      if (events.some((e) => e.runId === w.id && e.kind === 'metrics')) return true;
    }
    return false;
  }

  it('watches at most the limit of live runs, the newest, and hands a freed watch to a waiting run', async function () {
    this.timeout(30_000);
    const store = RunStore.open(ws.dir);
    const live: RunWriter[] = [];
    for (let i = 0; i < 3; i++) {
      const w = await store.createRun(base);
      await w.markStarted({ host: 'h', supervisorPid: process.pid, childPid: null }, {});
      live.push(w);
    }
    const [oldest, middle, newest] = live as [RunWriter, RunWriter, RunWriter];
    const events: StoreEvent[] = [];
    const watcher = watchStore(new StoreLayout(store.root), (e) => events.push(e), { maxRunWatches: 2 });
    try {
      assert.ok(await metricsSeen(events, newest, 100), 'the newest live run is watched');
      assert.ok(await metricsSeen(events, middle, 100), 'so is the next one');
      // Had the oldest been watched, its first append would have been reported as quickly as the others'.
      assert.equal(await metricsSeen(events, oldest, 10), false, 'the oldest waits: over the limit');
      await middle.finish({ status: 'finished', exitCode: 0, signal: null });
      assert.ok(await metricsSeen(events, oldest, 100), 'the watch freed by the finished run went to the oldest');
    } finally {
      watcher.dispose();
      for (const w of live) await w.finish({ status: 'finished', exitCode: 0, signal: null }).catch(() => undefined);
    }
  });
});
