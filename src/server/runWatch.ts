// Keeps the language server's run cache current for every client: runs recorded after the first
// hover must show in the next one. Each store is followed once it is read, by whichever source
// the client allows (see RunChangeSource): standard watched-file notifications, or a watch of its own.
import { isAbsolute, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type FileEvent, type FileSystemWatcher } from 'vscode-languageserver';
import { StoreLayout, RUN_FILES } from '../core/store/layout';
import { isRunId } from '../core/store/ids';
import { watchStore } from '../core/store/watch';
import { type ClientFeatures } from './clientFeatures';

/** Most stores the server watches itself at once; the least recently used one beyond is let go. */
export const MAX_OWN_WATCHES = 8;

/** What the watch needs from the server: how to register file watchers and where changes go. */
export interface RunWatchHost {
  /** Registers file watchers with the client (`client/registerCapability`); resolves to their disposer. */
  register(watchers: FileSystemWatcher[]): Promise<{ dispose(): void }>;
  /** Runs of `storeDir` changed (null: any of them, re-list the store). */
  changed(storeDir: string, runIds: readonly string[] | null): void;
  log(message: string): void;
}

/** Follows the stores the server reads, so their cached runs never go stale. */
export class RunWatch {
  /** Followed stores, least recently used first, each with what stops following it. */
  private readonly followed = new Map<string, { dispose(): void }>();

  constructor(private readonly features: Pick<ClientFeatures, 'runChanges' | 'relativePatterns'>, private readonly host: RunWatchHost) {}

  /** Starts following `storeDir` (a no-op when already followed, or when the client forwards changes). */
  follow(storeDir: string): void {
    if (this.features.runChanges === 'client') return;
    const existing = this.followed.get(storeDir);
    if (existing) {
      this.followed.delete(storeDir);
      this.followed.set(storeDir, existing);
      return;
    }
    if (this.features.runChanges === 'own') {
      const layout = new StoreLayout(storeDir);
      // watchStore watches the store's root and runs/ plus one directory per live run: bounded
      // by what is running, not by how many runs the store holds.
      this.followed.set(storeDir, watchStore(layout, (e) => {
        if (e.kind !== 'log') this.host.changed(storeDir, [e.runId]);
      }));
      this.evict();
    } else {
      this.followed.set(storeDir, this.registerFor(storeDir));
    }
  }

  /** Applies the client's `workspace/didChangeWatchedFiles` to the stores followed. */
  filesChanged(changes: readonly FileEvent[]): void {
    for (const { uri } of changes) {
      if (!uri.startsWith('file:')) continue;
      const file = fileURLToPath(uri);
      for (const storeDir of this.followed.keys()) {
        const rel = relative(storeDir, file);
        if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) continue;
        const parts = rel.split(sep);
        // journal.log announces edits of finished runs (tag, rename, note): re-list the store.
        if (rel === 'journal.log') this.host.changed(storeDir, null);
        else if (parts.length === 3 && parts[0] === 'runs' && isRunId(parts[1] ?? '') && parts[2] === RUN_FILES.manifest) this.host.changed(storeDir, [parts[1] ?? '']);
      }
    }
  }

  /** Stops following stores no longer in `storeDirs`. */
  retain(storeDirs: ReadonlySet<string>): void {
    for (const [dir, d] of this.followed) if (!storeDirs.has(dir)) this.stop(dir, d);
  }

  /** Stops following every store. */
  dispose(): void {
    for (const [dir, d] of this.followed) this.stop(dir, d);
  }

  private stop(storeDir: string, d: { dispose(): void }): void {
    d.dispose();
    this.followed.delete(storeDir);
  }

  /** Past the cap, the least recently used store stops being watched and is re-listed on its next use. */
  private evict(): void {
    for (const [dir, d] of this.followed) {
      if (this.followed.size <= MAX_OWN_WATCHES) return;
      this.stop(dir, d);
      this.host.changed(dir, null);
    }
  }

  private registerFor(storeDir: string): { dispose(): void } {
    const manifests = `runs/*/${RUN_FILES.manifest}`;
    // Without relative patterns a glob is matched against whole paths: anchor it on the store's
    // folder name; filesChanged keeps only what lies inside a followed store.
    const watchers: FileSystemWatcher[] = this.features.relativePatterns
      ? [manifests, 'journal.log'].map((pattern) => ({ globPattern: { baseUri: pathToFileURL(storeDir).href, pattern } }))
      : [manifests, 'journal.log'].map((p) => ({ globPattern: `**/${globLiteral(storeDir.split(sep).pop() ?? '')}/${p}` }));
    let disposer: { dispose(): void } | undefined;
    let stopped = false;
    this.host.register(watchers).then((d) => {
      if (stopped) d.dispose();
      else disposer = d;
    }, (e: unknown) => this.host.log(`runlens: could not register file watchers for ${storeDir}: ${String(e)}`));
    return { dispose: () => { stopped = true; disposer?.dispose(); } };
  }
}

/** A folder name as a glob that matches only itself. */
function globLiteral(name: string): string {
  return name.replace(/[*?[\]{}]/g, (c) => `[${c}]`);
}
