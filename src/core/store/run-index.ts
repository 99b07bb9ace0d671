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
import { appendBatch, type Checkpoint, INDEX_FILE_FORMAT, IndexBuilder, type IndexFile, readIndexFile } from './index-file';
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

/** Runs read from their directories at a time while an index is built (so memory stays flat). */
const BUILD_CHUNK = 2000;

/** An error that only means the index cannot be written (a read-only or full disk): listing goes on. */
function isCacheWriteError(e: unknown): boolean {
  return isNotFound(e) || ['EACCES', 'EPERM', 'ENOSPC', 'EROFS', 'EDQUOT'].includes((e as NodeJS.ErrnoException).code ?? '');
}

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
  const journal = await fsp.stat(layout.journalFile).catch(() => undefined); // no journal yet: offset 0
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
  if (!file) {
    try {
      return await buildListing(layout, kind, hooks, source, dirIds, checkpoint);
    } catch (e) {
      if (!isCacheWriteError(e)) throw e;
      // No index can be written: every run is read, and held, this time.
      const at = await mapLoad(dirIds, (id) => loadRecord(kind, hooks, id));
      return listingOf(dirIds, at, undefined, source);
    }
  }
  try {
    const changed = await journalIds(layout, file.checkpoint.journal, checkpoint.journal);
    const at: (number | T | undefined)[] = new Array<number | T | undefined>(dirIds.length);
    const toLoad: number[] = [];
    let hits = 0;
    for (const [i, id] of dirIds.entries()) {
      const offset = file.offsets.get(id);
      if (offset !== undefined) hits++;
      if (offset !== undefined && !changed.has(id)) at[i] = offset;
      else toLoad.push(i);
    }
    const removed: string[] = [];
    if (hits < file.offsets.size) {
      const present = new Set(dirIds);
      for (const id of file.offsets.keys()) if (!present.has(id)) removed.push(id);
    }
    const batch: T[] = [];
    const loaded = await mapLoad(toLoad, (i) => loadRecord(kind, hooks, dirIds[i] as string));
    for (const [k, i] of toLoad.entries()) {
      const record = (at[i] = loaded[k]);
      if (record && isTerminal(record)) batch.push(record);
      else if (file.offsets.has(dirIds[i] as string)) removed.push(dirIds[i] as string); // no longer terminal, or unreadable
    }
    const listing = listingOf(dirIds, at, file, source);
    const compact = file.lines + batch.length + removed.length > 2 * listing.size + 1000;
    if (!file.clean || compact) {
      await saveIndex(layout, kind, () => rewrite(path, kind.name, checkpoint, async (add) => {
        for (let i = 0; i < listing.size; i++) {
          const fresh = listing.fresh(i);
          if (fresh && !isTerminal(fresh)) continue;
          const line = await listing.json(i);
          if (line !== undefined) await add(listing.ids[i] as string, line);
        }
      }));
    } else if (batch.length > 0 || removed.length > 0 || checkpoint.journal !== file.checkpoint.journal) {
      const { ino, size } = file;
      batch.sort((a, b) => (a.id < b.id ? 1 : -1));
      await saveIndex(layout, kind, async () => {
        const now = await fsp.stat(path).catch(() => undefined); // removed meanwhile: nothing to append to
        // Someone else appended or rewrote since it was read: their batch covers this one's news.
        if (now?.ino === ino && now.size === size) await appendBatch(path, batch.map(recordJson), removed, checkpoint);
      });
    }
    return listing;
  } catch (e) {
    await file.close();
    throw e;
  }
}

/** A listing of the runs of `dirIds` that could be read (`at` is undefined for the others). */
function listingOf<T extends IndexRecord>(dirIds: readonly string[], at: readonly (number | T | undefined)[], file: IndexFile | undefined,
  source: ConstructorParameters<typeof RunListing<T>>[3]): RunListing<T> {
  const ids: string[] = [];
  const where: (number | T)[] = [];
  for (const [i, id] of dirIds.entries()) {
    const a = at[i];
    if (a === undefined) continue;
    ids.push(id);
    where.push(a);
  }
  return new RunListing<T>(ids, where, file, source);
}

/** Reads one run as `kind`'s record; undefined when it is gone or unreadable (reported). */
async function loadRecord<T extends IndexRecord>(kind: IndexKind<T>, hooks: ListHooks<T>, id: string): Promise<T | undefined> {
  try {
    const m = await hooks.load(id);
    return m && kind.project(m);
  } catch (e) {
    if (e instanceof ManifestError) hooks.manifestError(e);
    else if (!isNotFound(e)) throw e;
    return undefined;
  }
}

/**
 * A rebuild: reads every run from its directory, a chunk at a time, writing terminal runs' records
 * to a new index file as it goes; the listing then reads them back from that file.
 */
async function buildListing<T extends IndexRecord>(layout: StoreLayout, kind: IndexKind<T>, hooks: ListHooks<T>,
  source: ConstructorParameters<typeof RunListing<T>>[3], dirIds: readonly string[], checkpoint: Checkpoint): Promise<RunListing<T>> {
  const path = indexPath(layout, kind.name);
  const builder = await IndexBuilder.create(path, kind.name);
  try {
    const at: (number | T | undefined)[] = [];
    for (let from = 0; from < dirIds.length; from += BUILD_CHUNK) {
      const records = await mapLoad(dirIds.slice(from, from + BUILD_CHUNK), (id) => loadRecord(kind, hooks, id));
      for (const r of records) at.push(r && isTerminal(r) ? await builder.add(r.id, recordJson(r)) : r);
    }
    const file = await builder.finish(checkpoint, async (tmp) => {
      let published = false;
      await saveIndex(layout, kind, async () => {
        await fsp.rename(tmp, path);
        published = true;
      });
      return published;
    });
    return listingOf(dirIds, at, file, source);
  } catch (e) {
    await builder.abort();
    throw e;
  }
}

/** Writes a whole new index file at `path` with the lines `fill` adds, and renames it into place. */
async function rewrite(path: string, name: string, checkpoint: Checkpoint, fill: (add: (id: string, line: string) => Promise<void>) => Promise<void>): Promise<void> {
  const builder = await IndexBuilder.create(path, name);
  try {
    await fill(async (id, line) => { await builder.add(id, line); });
    await (await builder.finish(checkpoint, async (tmp) => { await fsp.rename(tmp, path); return true; })).close();
  } catch (e) {
    await builder.abort();
    throw e;
  }
}

/**
 * Changes the index under its lock (never waited for: a busy index is simply not updated this
 * time, its holder is writing the same news). A failure to write only costs speed, never a listing.
 */
async function saveIndex(layout: StoreLayout, kind: IndexKind<IndexRecord>, change: () => Promise<void>): Promise<void> {
  try {
    await fsp.mkdir(layout.indexDir, { recursive: true });
    const release = await tryLock(join(layout.indexDir, `${kind.name}.lock`));
    if (!release) return;
    try {
      await change();
      await fsp.rm(layout.legacyIndexFile, { force: true }); // the index.json of earlier Runlens versions
    } finally {
      await release();
    }
  } catch (e) {
    if (!isCacheWriteError(e)) throw e;
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

/**
 * Ids the summary index and the manifest index hold (both terminal runs only), so starting a watch
 * does not read every manifest. Either may be missing: `runlens ls` and the views keep the first,
 * `RunStore.listRuns` callers the second; a store of 100,000 runs listed by one of them only must
 * not cost 100,000 manifest reads before its live runs are watched.
 */
export async function indexedTerminalIds(layout: StoreLayout): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const name of [SUMMARY_INDEX.name, MANIFEST_INDEX.name]) {
    const read = await readIndexFile(indexPath(layout, name), name).catch(() => undefined); // no index yet or unreadable: its runs are read instead
    if (read?.kind !== 'ok') continue;
    await read.file.close();
    for (const id of read.file.offsets.keys()) ids.add(id);
  }
  return ids;
}

/** Maps with at most 32 reads in flight (100,000 manifests must not open 100,000 files at once). */
async function mapLoad<I, R>(items: readonly I[], fn: (item: I) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as I);
    }
  };
  await Promise.all(Array.from({ length: Math.min(32, items.length) }, worker));
  return out;
}
