// A change journal kept for a temp workspace as the editor keeps one: a real recursive watcher
// (Node's fs.watch here, VS Code's in the extension) feeding a real JournalWriter, made live once
// the watcher has reported a probe file.
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { JournalWriter } from '../../../../src/core/data/journal';

/** A journal writer with its watcher; `unwatch` stops the events but keeps the lease (a stalled watcher). */
export interface KeptJournal {
  readonly writer: JournalWriter;
  attach(): Promise<void>;
  unwatch(): void;
  stop(): Promise<void>;
}

/** Starts a generation for `root` (store in `storeRoot`); `attach` starts the watcher and declares the journal live. */
export async function keepJournal(storeRoot: string, root: string, excludes: readonly string[] = []): Promise<KeptJournal> {
  const writer = await JournalWriter.start(storeRoot, root, { intervalMs: 60_000, excludes }, (e) => { throw e; });
  let watcher: FSWatcher | undefined;
  return {
    writer,
    async attach() {
      watcher = watch(root, { recursive: true }, (_event, name) => {
        if (name !== null) writer.record(join(root, name));
      });
      if (!(await writer.probe(10_000))) throw new Error('the watcher never reported the probe file');
      await writer.ready();
    },
    unwatch: () => watcher?.close(),
    async stop() {
      watcher?.close();
      await writer.stop();
    },
  };
}
