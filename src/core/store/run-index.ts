// The derived listing index (docs/store-format.md, "Index"): per run in a terminal status, a record
// (its compact summary, or its whole manifest for callers that need one), so listing reads one file
// instead of one per run. Checked against the run directories and the change journal on every use;
// a change costs one appended batch, not a rewrite; rebuilt when missing, stale or damaged.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { TERMINAL_STATUSES, type RunManifest, type RunStatus } from '../model';
import { appendOnce, isNotFound } from '../fs/atomic';
import { tryLock } from '../fs/lock';
import { isRunId } from './ids';
import { appendBatch, type Checkpoint, INDEX_FILE_FORMAT, type IndexFile, readIndexFile, rewriteIndexFile } from './index-file';
import { type StoreLayout } from './layout';
import { type IndexRecord, recordJson, RunListing } from './listing';
import { ManifestError, parseManifest } from './manifest';
import { parseSummary, summarize, type RunSummary } from './summary';

/** One kind of index: what it keeps per run, and how a record is checked when read back. */
export interface IndexKind<T extends IndexRecord> {
  readonly name: 'summaries' | 'manifests';
  /** The record of a manifest; its JSON must start with the run's id and status (the index finds them there). */
  project(m: RunManifest): T;
  parse(raw: unknown): T | undefined;
}

/** The index `runlens ls` and the views read: one compact summary per run. */
export const SUMMARY_INDEX: IndexKind<RunSummary> = { name: 'summaries', project: summarize, parse: parseSummary };

/** The index of whole manifests, for `RunStore.listRuns` callers that need every field. */
export const MANIFEST_INDEX: IndexKind<RunManifest> = {
  name: 'manifests',
  project: (m) => {
    const { id, status, ...rest } = m;
    return { id, status, ...rest };
  },
  parse: (raw) => {
    const id = (raw as { id?: unknown } | null)?.id;
    try {
      return typeof id === 'string' ? parseManifest(raw, id) : undefined;
    } catch (e) {
      if (e instanceof ManifestError) return undefined;
      throw e;
    }
  },
};

/** Path of an index file (its format is in its name: another format never shares the file). */
export function indexPath(layout: StoreLayout, name: IndexKind<IndexRecord>['name']): string {
  return join(layout.indexDir, `${name}-${INDEX_FILE_FORMAT}.jsonl`);
}

/** What a listing needs from the store: reading a run (crash detection applied) and reporting. */
export interface ListHooks<T> {
  load(id: string): Promise<RunManifest | undefined>;
  recheck(record: T): Promise<T>;
  manifestError(e: ManifestError): void;
  warn(message: string): void;
}

/** Records that the manifest of run `id` changed (user edit, finish, crash, move) for index readers. */
export async function journalChange(layout: StoreLayout, id: string): Promise<void> {
  await appendOnce(layout.journalFile, `${id}\n`);
}

const isTerminal = (r: IndexRecord): boolean => TERMINAL_STATUSES.includes(r.status as RunStatus);

/**
 * Lists every run in `runs/`, newest first, as `kind`'s records. Terminal runs come from the index
 * unless the journal names them; other runs (queued, running) are always read fresh via `load`.
 * The caller closes the listing.
 */
export async function listAllRuns<T extends IndexRecord>(layout: StoreLayout, kind: IndexKind<T>, hooks: ListHooks<T>): Promise<RunListing<T>> {
  const path = indexPath(layout, kind.name);
  const source = {
    parse: (raw: unknown) => kind.parse(raw),
    reload: (id: string) => hooks.load(id).then((m) => m && kind.project(m), () => undefined),
    recheck: (r: T) => hooks.recheck(r),
    damaged: (why: string) => {
      hooks.warn(`the listing index ${path} is damaged (${why}); it is rebuilt from the run directories`);
      void fsp.rm(path, { force: true }).catch(() => undefined); // the next listing rebuilds it
    },
  };
  // Journal position first: anything journaled after this point is re-read by the next lister.
  const journal = await fsp.stat(layout.journalFile).catch(() => undefined);
  const checkpoint: Checkpoint = { journal: journal?.size ?? 0, journalIno: journal?.ino ?? 0 };
  let dirIds: string[];
  try {
    dirIds = (await fsp.readdir(layout.runsDir)).filter(isRunId).sort().reverse();
  } catch (e) {
    if (isNotFound(e)) return new RunListing<T>([], [], undefined, source);
    throw e;
  }
  const read = await readIndexFile(path, kind.name);
  if (read.kind === 'damaged') source.damaged(read.why);
  let file = read.kind === 'ok' ? read.file : undefined;
  // A journal that shrank or was replaced cannot tell what changed since: rebuild.
  if (file && (file.checkpoint.journal > checkpoint.journal || (file.checkpoint.journal > 0 && file.checkpoint.journalIno !== checkpoint.journalIno))) {
    await file.close();
    file = undefined;
  }
  try {
    const changed = file ? await journalIds(layout, file.checkpoint.journal, checkpoint.journal) : new Set<string>();
    const at: (number | T | undefined)[] = new Array<number | T | undefined>(dirIds.length);
    const toLoad: number[] = [];
    let hits = 0;
    for (const [i, id] of dirIds.entries()) {
      const offset = file?.offsets.get(id);
      if (offset !== undefined) hits++;
      if (offset !== undefined && !changed.has(id)) at[i] = offset;
      else toLoad.push(i);
    }
    const removed: string[] = [];
    if (file && hits < file.offsets.size) {
      const present = new Set(dirIds);
      for (const id of file.offsets.keys()) if (!present.has(id)) removed.push(id);
    }
    const batch: T[] = [];
    await mapLimit(toLoad, 32, async (i) => {
      const id = dirIds[i] as string;
      let record: T | undefined;
      try {
        const m = await hooks.load(id);
        record = m && kind.project(m);
      } catch (e) {
        if (e instanceof ManifestError) hooks.manifestError(e);
        else if (!isNotFound(e)) throw e;
      }
      at[i] = record;
      if (record && isTerminal(record)) batch.push(record);
      else if (file?.offsets.has(id)) removed.push(id); // no longer terminal, or unreadable
    });
    const keep: number[] = [];
    for (let i = 0; i < dirIds.length; i++) if (at[i] !== undefined) keep.push(i);
    const listing = new RunListing<T>(keep.map((i) => dirIds[i] as string), keep.map((i) => at[i] as number | T), file, source);
    const compact = file !== undefined && file.lines + batch.length + removed.length > 2 * keep.length + 1000;
    if (!file || !file.clean || compact || batch.length > 0 || removed.length > 0 || checkpoint.journal !== file.checkpoint.journal) {
      const terminal = async function* (): AsyncGenerator<string> {
        for (const [n, i] of keep.entries()) {
          const a = at[i] as number | T;
          if (typeof a !== 'number' && !isTerminal(a)) continue;
          const line = await listing.json(n);
          if (line !== undefined) yield line;
        }
      };
      batch.sort((a, b) => (a.id < b.id ? 1 : -1));
      await saveIndex(layout, kind, file, { compact, terminal, batch, removed, checkpoint });
    }
    return listing;
  } catch (e) {
    await file?.close();
    throw e;
  }
}

/** What a listing learnt, for {@link saveIndex}. */
interface Changes<T> {
  /** More than half the index's lines are superseded: rewrite it. */
  readonly compact: boolean;
  /** The line of every terminal run, newest first (for a rewrite). */
  readonly terminal: () => AsyncIterable<string>;
  readonly batch: readonly T[];
  readonly removed: readonly string[];
  readonly checkpoint: Checkpoint;
}

/**
 * Persists what a listing learnt, under the index's lock (never waited for: a busy index is simply
 * not updated this time). Appends a batch to the file that was read, or rewrites it whole when it
 * was missing or damaged, ends in a torn batch, or holds more than half superseded lines.
 */
async function saveIndex<T extends IndexRecord>(layout: StoreLayout, kind: IndexKind<T>, file: IndexFile | undefined, c: Changes<T>): Promise<void> {
  const path = indexPath(layout, kind.name);
  try {
    await fsp.mkdir(layout.indexDir, { recursive: true });
    const release = await tryLock(join(layout.indexDir, `${kind.name}.lock`));
    if (!release) return;
    try {
      if (file && file.clean && !c.compact) {
        const now = await fsp.stat(path).catch(() => undefined);
        // Someone else appended or rewrote since it was read: their batch covers this one's news.
        if (now?.ino !== file.ino || now.size !== file.size) return;
        await appendBatch(path, c.batch.map(recordJson), c.removed, c.checkpoint);
      } else {
        // A whole listing is a complete, self-consistent snapshot as of its checkpoint, whoever wrote last.
        await rewriteIndexFile(path, kind.name, c.terminal(), c.checkpoint);
        await fsp.rm(layout.legacyIndexFile, { force: true }); // the index.json of earlier Runlens versions
      }
    } finally {
      await release();
    }
  } catch (e) {
    // The index is only a cache: a read-only or full disk must not break listing.
    const code = (e as NodeJS.ErrnoException).code;
    if (!isNotFound(e) && !['EACCES', 'EPERM', 'ENOSPC', 'EROFS', 'EDQUOT'].includes(code ?? '')) throw e;
  }
}

/** Run ids named in journal.log between two byte offsets. */
async function journalIds(layout: StoreLayout, from: number, to: number): Promise<Set<string>> {
  const ids = new Set<string>();
  if (to <= from) return ids;
  const fh = await fsp.open(layout.journalFile, 'r');
  try {
    const buf = Buffer.alloc(to - from);
    await fh.read(buf, 0, buf.length, from);
    for (const line of buf.toString('utf8').split('\n')) if (line) ids.add(line.trim());
  } finally {
    await fh.close();
  }
  return ids;
}

/** Ids the summary index holds (all terminal), so starting a watch does not read every manifest. */
export async function indexedTerminalIds(layout: StoreLayout): Promise<Set<string>> {
  const read = await readIndexFile(indexPath(layout, SUMMARY_INDEX.name), SUMMARY_INDEX.name).catch(() => undefined); // no index yet or unreadable: every run is watched until seen ended
  if (read?.kind !== 'ok') return new Set();
  await read.file.close();
  return new Set(read.file.offsets.keys());
}

/** Runs `fn` on every item with at most `limit` in flight (100,000 manifests must not open 100,000 files at once). */
async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
