// The derived listing index (`index.json`): manifests of terminal runs, so listing 10,000 runs is
// one file read instead of 10,000. Checked against the run directories and the change journal on
// every use, rebuilt when missing, stale or corrupt; deleting it is always safe.
import { promises as fsp } from 'node:fs';
import { TERMINAL_STATUSES, type RunManifest } from '../model';
import { toMetricValue } from '../metrics/record';
import { appendOnce, isNotFound, writeFileAtomic } from '../fs/atomic';
import { isRunId } from './ids';
import { type StoreLayout } from './layout';
import { ManifestError, nonFiniteReplacer } from './manifest';

const INDEX_FORMAT = 1;

interface IndexFile {
  format: number;
  /** Size (and inode) of journal.log when the index was built: later lines name changed runs. */
  journalOffset: number;
  journalIno: number;
  runs: RunManifest[];
}

/** Reads one run's manifest with crash detection applied (supplied by the store). */
export type LoadRun = (id: string) => Promise<RunManifest | undefined>;

/** Records that the manifest of run `id` changed (user edit, finish, crash, move) for index readers. */
export async function journalChange(layout: StoreLayout, id: string): Promise<void> {
  await appendOnce(layout.journalFile, `${id}\n`);
}

/**
 * Lists every run in `runs/`, newest first. Terminal runs come from the index unless the journal
 * names them; other runs (queued, running) are always read fresh via `load`. Unreadable manifests
 * are reported through `warn` and skipped.
 */
export async function listAllRuns(layout: StoreLayout, load: LoadRun, warn: (e: ManifestError) => void): Promise<RunManifest[]> {
  // Journal position first: anything journaled after this point is re-read by the next lister.
  const journal = await fsp.stat(layout.journalFile).catch(() => undefined);
  const journalSize = journal?.size ?? 0;
  const journalIno = journal?.ino ?? 0;
  let ids: string[];
  try {
    ids = (await fsp.readdir(layout.runsDir)).filter(isRunId);
  } catch (e) {
    if (isNotFound(e)) return [];
    throw e;
  }
  const index = await loadIndex(layout, journalSize, journalIno);
  const changed = index ? await journalIds(layout, index.journalOffset, journalSize) : new Set<string>();
  const known = new Map<string, RunManifest>();
  for (const m of index?.runs ?? []) if (!changed.has(m.id)) known.set(m.id, m);
  let dirty = !index || changed.size > 0;
  const out: RunManifest[] = [];
  const toLoad: string[] = [];
  for (const id of ids) {
    const m = known.get(id);
    if (m) out.push(m);
    else toLoad.push(id);
  }
  if (index && known.size > out.length) dirty = true; // runs removed since the index was built
  const loaded = await mapLimit(toLoad, 32, async (id) => {
    try {
      return await load(id);
    } catch (e) {
      if (e instanceof ManifestError) warn(e);
      else if (!isNotFound(e)) throw e;
      return undefined;
    }
  });
  for (const m of loaded) {
    if (!m) continue;
    out.push(m);
    if (TERMINAL_STATUSES.includes(m.status)) dirty = true;
  }
  out.sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  if (dirty) await saveIndex(layout, { format: INDEX_FORMAT, journalOffset: journalSize, journalIno, runs: out.filter((m) => TERMINAL_STATUSES.includes(m.status)) });
  return out;
}

async function loadIndex(layout: StoreLayout, journalSize: number, journalIno: number): Promise<IndexFile | undefined> {
  let raw: IndexFile;
  try {
    raw = JSON.parse(await fsp.readFile(layout.indexFile, 'utf8')) as IndexFile;
  } catch {
    return undefined; // missing or corrupt: rebuilt from the run directories
  }
  if (raw?.format !== INDEX_FORMAT || !Array.isArray(raw.runs) || typeof raw.journalOffset !== 'number') return undefined;
  // A journal that shrank or was replaced cannot tell what changed since: rebuild.
  if (raw.journalOffset > journalSize || (raw.journalOffset > 0 && raw.journalIno !== journalIno)) return undefined;
  for (const m of raw.runs) {
    if (typeof m?.id !== 'string' || typeof m.metrics !== 'object' || m.metrics === null) return undefined;
    for (const s of Object.values(m.metrics)) {
      if (typeof s.last === 'string') (s as { last: number }).last = toMetricValue(s.last) ?? NaN;
    }
  }
  return raw;
}

async function saveIndex(layout: StoreLayout, index: IndexFile): Promise<void> {
  try {
    await writeFileAtomic(layout.indexFile, JSON.stringify(index, nonFiniteReplacer), { durable: false });
  } catch (e) {
    // The index is only a cache: a read-only or full disk must not break listing.
    if (!isNotFound(e) && (e as NodeJS.ErrnoException).code !== 'EACCES' && (e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
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

/** Maps with at most `limit` promises in flight (10,000 manifests must not open 10,000 files at once). */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
