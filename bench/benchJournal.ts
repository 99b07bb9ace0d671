// The change journal as the editor keeps it, for the status bench: a real JournalWriter fed by one
// non-recursive fs.watch per folder of the bench's fixed tree (what VS Code's recursive watcher
// sets up with inotify; Node's own recursive fs.watch takes ~20 s and ~300 MB over 100,000 files).
import { readdirSync, watch, type FSWatcher } from 'node:fs';
import { join, relative } from 'node:path';
import { JournalWriter } from '../src/core/data/journal';

/** A live journal over `root` (store `storeRoot`); stop() ends it and removes the lease. */
export interface BenchJournal {
  stop(): Promise<void>;
}

/** Watches `root` and every folder below it (the store and `.git` excepted), then declares the journal live. */
export async function keepBenchJournal(storeRoot: string, root: string): Promise<BenchJournal> {
  const writer = await JournalWriter.start(storeRoot, root, { intervalMs: 5000, excludes: ['**/.runlens/**'] }, (e) => { throw e; });
  const watchers: FSWatcher[] = [];
  const add = (dir: string): void => {
    watchers.push(watch(dir, (_event, name) => { if (name !== null) writer.record(join(dir, name)); }));
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== '.runlens' && e.name !== '.git') add(join(dir, e.name));
    }
  };
  add(root);
  if (!(await writer.probe(10_000))) throw new Error(`the bench's watcher never reported a probe file in ${relative(process.cwd(), root)}`);
  await writer.ready();
  // Renewed as the editor renews it: the lease lapses after three missed heartbeats.
  const timer = setInterval(() => void writer.heartbeat(), 5000);
  return {
    async stop() {
      clearInterval(timer);
      for (const w of watchers) w.close();
      await writer.stop();
    },
  };
}
