// The local record of what a remote has (docs/sharing.md#what-is-known-locally): per remote, the
// runs this store pushed (with the fingerprint of what was pushed) and the runs it pulled. A push
// decides from it alone what is new, so a push with nothing new never talks to the remote.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { isNotFound, writeFileAtomic } from '../fs/atomic';
import { withLock } from '../fs/lock';
import { type RunSummary } from '../store/summary';

/** What this store knows the remote has. */
export interface ShareState {
  /** The remote's URL (credentials stripped), for people reading the file. */
  url: string;
  /** Runs pushed from here: id -> [fingerprint of the pushed summary, record commit]. */
  pushed: Record<string, [string, string]>;
  /** Runs pulled into here: id -> record commit materialised. */
  pulled: Record<string, string>;
  /** The remote's catalog commit when the last complete pull ended, and how many records it had then. */
  catalog?: { commit: string; records: number };
  /** Records were pushed or pruned and the catalog not yet moved (the next push moves it). */
  catalogDue?: boolean;
}

/** The folder of the state files inside a store. */
export function shareDir(storeRoot: string): string {
  return join(storeRoot, 'share');
}

function stateFile(storeRoot: string, key: string): string {
  return join(shareDir(storeRoot), `${key}.json`);
}

/**
 * Runs `fn` holding the lock that serialises pushes and pulls of one store to one remote (the
 * state file is read-modify-written). Waits up to a minute for another push or pull to finish.
 */
export async function withShareLock<T>(storeRoot: string, key: string, fn: () => Promise<T>): Promise<T> {
  await fsp.mkdir(shareDir(storeRoot), { recursive: true });
  return withLock(join(shareDir(storeRoot), `${key}.lock`), fn, 60_000);
}

/** Reads the state for remote `key`; empty when none (or damaged: then everything is re-checked, which is safe). */
export async function loadState(storeRoot: string, key: string, url: string): Promise<ShareState> {
  try {
    const raw = JSON.parse(await fsp.readFile(stateFile(storeRoot, key), 'utf8')) as Partial<ShareState> & { format?: number };
    // Bookkeeping of another URL (the remote was re-pointed) says nothing about this one.
    if (raw.format === 1 && (url === '' || raw.url === url) && typeof raw.pushed === 'object' && raw.pushed && typeof raw.pulled === 'object' && raw.pulled) {
      const catalog = typeof raw.catalog?.commit === 'string' && typeof raw.catalog.records === 'number' ? raw.catalog : undefined;
      return { url, pushed: raw.pushed, pulled: raw.pulled, ...(catalog ? { catalog } : {}), ...(raw.catalogDue === true ? { catalogDue: true } : {}) };
    }
  } catch (e) {
    // Missing: nothing shared yet. Unparsable: forgetting is safe, since a re-push of the same
    // content builds the same commits (up to date on the remote) and a pull re-reads its refs.
    if (!isNotFound(e) && !(e instanceof SyntaxError)) throw e;
  }
  return { url, pushed: {}, pulled: {} };
}

/** Replaces the state for remote `key` atomically. */
export async function saveState(storeRoot: string, key: string, state: ShareState): Promise<void> {
  await fsp.mkdir(shareDir(storeRoot), { recursive: true });
  await writeFileAtomic(stateFile(storeRoot, key), JSON.stringify({ format: 1, ...state }));
}

/** Every remote's state in a store (for the local only / pushed / pulled marks). */
export async function loadAllStates(storeRoot: string): Promise<ShareState[]> {
  const names = await fsp.readdir(shareDir(storeRoot)).catch(() => [] as string[]); // no share folder: nothing shared yet
  const out: ShareState[] = [];
  for (const n of names) {
    if (n.endsWith('.json')) out.push(await loadState(storeRoot, n.slice(0, -5), ''));
  }
  return out;
}

/**
 * What decides whether a run changed since it was pushed: a hash of its listing summary. A
 * terminal run's files change only with its summary (an edit, a verdict, a crash catch-up), so
 * this needs no file read, and a push with nothing new costs one listing.
 */
export function fingerprint(run: RunSummary): string {
  return createHash('sha1').update(JSON.stringify(run)).digest('hex').slice(0, 20);
}

/** How a run stands with the remotes this store shares with. */
export type ShareMark = 'local' | 'pushed' | 'changed' | 'pulled';

/** The mark of each run: pulled (it has an origin), pushed (as it is now), changed since pushed, or local only. */
export function shareMarks(runs: readonly RunSummary[], states: readonly ShareState[]): Map<string, ShareMark> {
  const marks = new Map<string, ShareMark>();
  for (const r of runs) {
    if (r.origin) {
      marks.set(r.id, 'pulled');
      continue;
    }
    const pushed = states.map((s) => s.pushed[r.id]).filter((p) => p !== undefined);
    marks.set(r.id, pushed.length === 0 ? 'local' : pushed.some((p) => p[0] === fingerprint(r)) ? 'pushed' : 'changed');
  }
  return marks;
}
