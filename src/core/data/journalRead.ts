// Reading the change journal (journal.ts) for `runlens status`: trusted only while its lease is live
// (same host, writer alive, recent heartbeat, token matching the log) and after a sync proves the
// watcher has caught up; then a dataset with no journal line under it since its last verified walk
// needs no stat at all. Anything doubtful returns null or "changed", which means the full walk.
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { JOURNAL_FORMAT, JOURNAL_MAGIC, journalFiles, type JournalLease } from './journal';
import { createSyncFile, isSyncPath, type SyncFile } from './journalSync';

/** A live journal, synced: every change made before `open` returned is in the log before `end`. */
export interface LiveJournal {
  readonly token: string;
  /** Byte offset of the end of the last whole line seen by the sync. */
  readonly end: number;
  /** Names that an exclude pattern of the watcher can hide (see {@link excludeAnchors}). */
  readonly anchors: ReadonlySet<string>;
  /** The changed paths (workspace-relative, posix) logged at or after byte `since`, with their offsets. */
  changesSince(since: number): Promise<JournalChanges>;
}

/** Changed paths in log order, each with the byte offset its line starts at. */
export interface JournalChanges {
  readonly offsets: readonly number[];
  readonly paths: readonly string[];
}

/** Folder names the walk never enters (walk.ts): an exclude that needs one of them hides nothing of a dataset. */
const PRUNED = new Set(['.git', '.runlens']);
const GLOB = /[*?[\]{}]/;

/**
 * What the watcher's exclude patterns leave trustworthy: the set of folder names ("anchors") a
 * dataset must not contain for the journal to vouch for it, or null when some pattern may hide
 * events anywhere. A pattern with a literal segment the walk prunes hides nothing; a pattern with a
 * literal segment followed by another non-`**` segment (VS Code's `**\/node_modules/*\/**`,
 * `**\/.hg/store/**`) hides only what lies inside a folder of that name, below the first level,
 * so the folder's own creation is still reported; any other pattern could hide anything.
 */
export function excludeAnchors(excludes: readonly string[]): Set<string> | null {
  const anchors = new Set<string>();
  for (const pattern of excludes) {
    const segs = pattern.replace(/\\/g, '/').split('/').filter((s) => s !== '');
    if (segs.some((s) => PRUNED.has(s))) continue;
    const i = segs.findIndex((s, k) => !GLOB.test(s) && k + 1 < segs.length && segs[k + 1] !== '**');
    if (i === -1) return null;
    anchors.add(segs[i] as string);
  }
  return anchors;
}

/** True when a change to `path` may change what lies under `base` ('' = the workspace root). */
export function touches(base: string, path: string): boolean {
  return base === '' || path === base || path.startsWith(`${base}/`) || base.startsWith(`${path}/`);
}

/** The lease of `storeRoot` when it is live now for the workspace `root`, else null. */
export async function liveLease(storeRoot: string, root: string, now = Date.now()): Promise<JournalLease | null> {
  let lease: Partial<JournalLease>;
  try {
    lease = JSON.parse(await fsp.readFile(journalFiles(storeRoot).lease, 'utf8')) as Partial<JournalLease>;
  } catch {
    return null; // no editor keeps a journal here (or its lease is torn): the full walk
  }
  if (lease.format !== JOURNAL_FORMAT || typeof lease.token !== 'string' || typeof lease.pid !== 'number' || typeof lease.heartbeat !== 'number' ||
      typeof lease.intervalMs !== 'number' || !Array.isArray(lease.excludes)) return null;
  // A pid names a process only on its own machine (a store on a shared disk is seen from others).
  if (lease.host !== hostname() || lease.root !== resolve(root)) return null;
  if (now - lease.heartbeat > 3 * lease.intervalMs || lease.heartbeat - now > lease.intervalMs) return null;
  if (!alive(lease.pid)) return null;
  return lease as JournalLease;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Opens the journal of `storeRoot` for `root` when its lease is live, its log is of that
 * generation and a sync succeeds: a file `.runlens-sync-...` is created in the git dir or the root
 * (journalSync.ts) and the log is read until the watcher has recorded it (so every earlier change is in the log too), at most
 * `timeoutMs`. Null otherwise: the caller stats everything.
 */
export async function openLiveJournal(storeRoot: string, root: string, timeoutMs = 1000): Promise<LiveJournal | null> {
  const lease = await liveLease(storeRoot, root);
  if (!lease) return null;
  const anchors = excludeAnchors(lease.excludes);
  if (!anchors) return null;
  const { log } = journalFiles(storeRoot);
  const ws = resolve(root);
  let cookie: SyncFile;
  try {
    cookie = await createSyncFile(ws, lease.excludes, () => undefined);
  } catch {
    return null; // a read-only workspace: no sync, no trust
  }
  try {
    const header = `${JOURNAL_MAGIC} ${JOURNAL_FORMAT} ${lease.token}\n`;
    const end = await awaitLine(log, header, `${JSON.stringify(cookie.rel)}\n`, Date.now() + timeoutMs);
    if (end === null) return null;
    // Sync files of any check (ours, a concurrent one's) are left out of what changed.
    return { token: lease.token, end, anchors, changesSince: (since) => readChanges(log, header, since, end, cookie.folder) };
  } finally {
    await cookie.remove();
  }
}

/**
 * Reads the log as it grows until `line` is in it; returns the byte offset just past it, or null
 * when the log is of another generation (its header is not `header`) or `deadline` passes.
 */
async function awaitLine(log: string, header: string, line: string, deadline: number): Promise<number | null> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(log, 'r');
  } catch {
    return null; // no log (removed, or never written): nothing to sync with, so the full walk
  }
  try {
    const want = Buffer.from(line);
    // Bytes read from `tailAt`, always a line start, on (a line may span two reads).
    let tail = Buffer.alloc(0);
    let tailAt = 0;
    for (let wait = 1; ; wait = Math.min(wait * 2, 20)) {
      const size = (await fh.stat()).size;
      const from = tailAt + tail.length;
      if (size > from) {
        const chunk = Buffer.alloc(size - from);
        const { bytesRead } = await fh.read(chunk, 0, chunk.length, from);
        tail = Buffer.concat([tail, chunk.subarray(0, bytesRead)]);
      }
      if (tailAt === 0 && tail.length >= header.length) {
        if (!tail.subarray(0, header.length).equals(Buffer.from(header))) return null; // another generation began
      }
      // The line counts only at a line start: a path that merely ends with the cookie's name is another file.
      for (let at = tail.indexOf(want); at >= 0; at = tail.indexOf(want, at + 1)) {
        if ((at === 0 || tail[at - 1] === 10) && tailAt + at >= header.length) return tailAt + at + want.length;
      }
      const lastNl = tail.lastIndexOf(10);
      if (lastNl >= 0 && tailAt + lastNl + 1 > header.length) {
        tailAt += lastNl + 1;
        tail = tail.subarray(lastNl + 1);
      }
      if (Date.now() >= deadline) return null; // the watcher is not delivering (stalled, or over its limits)
      await new Promise((r) => setTimeout(r, wait));
    }
  } finally {
    await fh.close();
  }
}

async function readChanges(log: string, header: string, since: number, end: number, syncIn: string): Promise<JournalChanges> {
  const buf = await fsp.readFile(log);
  if (!buf.subarray(0, Buffer.byteLength(header)).equals(Buffer.from(header))) throw new Error('the change journal was replaced while it was read');
  const offsets: number[] = [];
  const paths: string[] = [];
  let o = Math.max(since, Buffer.byteLength(header));
  while (o < end) {
    const nl = buf.indexOf(10, o);
    if (nl < 0 || nl >= end) break;
    const path = JSON.parse(buf.toString('utf8', o, nl)) as unknown;
    if (typeof path === 'string' && !isSyncPath(path, syncIn)) {
      offsets.push(o);
      paths.push(path);
    }
    o = nl + 1;
  }
  return { offsets, paths };
}
