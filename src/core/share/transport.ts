// Talking to the remote: `git push --atomic --porcelain` with its per-ref outcome parsed, and
// `git fetch` of the records into this store's tracking refs. Nothing here decides what to send.
import { GitCommandError, runGit } from '../git/exec';
import { ShareError } from './errors';

/** The namespace of run records, one ref per run. */
export const RECORDS = 'refs/runlens/records/';

/** The ref of run `id`'s record (same namespace locally and on the remote). */
export function recordRef(id: string): string {
  return `${RECORDS}${id}`;
}

/** Where this store keeps what it last saw of remote `key`'s records. */
export function trackingPrefix(key: string): string {
  return `refs/runlens/remotes/${key}/`;
}

/** One ref update of a push. */
export interface RefUpdate {
  readonly ref: string;
  /** The new commit, or null to delete. */
  readonly commit: string | null;
  /** A delete names the value it expects (compare-and-swap): someone's newer push is never deleted. */
  readonly expect?: string;
}

/** How the remote answered one ref. */
export interface RefOutcome {
  readonly ref: string;
  readonly ok: boolean;
  /** git's reason for a rejection (`non-fast-forward`, `fetch first`, `stale info`, `atomic push failed`, ...). */
  readonly reason: string;
}

/** A rejection because the remote holds other content for the ref (not a side effect of --atomic, nor a refusing remote). */
export function isConflict(o: RefOutcome): boolean {
  return !o.ok && /non-fast-forward|fetch first|stale info|already exists/.test(o.reason);
}

/**
 * Pushes `updates` in one atomic transaction: the remote applies all or none. Record updates are
 * never forced: the remote accepts a record only as new or as a fast-forward of what it has, so two
 * clones never overwrite each other. Rejects with ShareError when git fails before any answer
 * (network, permissions).
 */
export async function pushRefs(repoTop: string, target: string, updates: readonly RefUpdate[], signal?: AbortSignal): Promise<RefOutcome[]> {
  const leases = updates.filter((u) => u.expect !== undefined).map((u) => `--force-with-lease=${u.ref}:${u.expect ?? ''}`);
  const specs = updates.map((u) => (u.commit === null ? `:${u.ref}` : `${u.commit}:${u.ref}`));
  let res;
  try {
    res = await runGit(['push', '--atomic', '--porcelain', '--no-verify', ...leases, target, ...specs], { cwd: repoTop, signal, okCodes: [1] });
  } catch (e) {
    throw gitFailure('push', e);
  }
  const outcomes = new Map<string, RefOutcome>();
  for (const line of res.stdout.toString('utf8').split('\n')) {
    const m = /^([ +\-*!=])\t([^\t]*):([^\t]*)\t(.*)$/.exec(line);
    if (!m?.[3]) continue;
    outcomes.set(m[3], { ref: m[3], ok: m[1] !== '!', reason: (m[4] ?? '').replace(/^\[[^\]]*\]\s*/, '').replace(/^\(|\)$/g, '') || (m[4] ?? '') });
  }
  if (res.code !== 0 && outcomes.size === 0) throw gitFailure('push', new GitCommandError(['push'], res.code, res.stderr));
  // A ref git did not mention was not updated: say so rather than assume.
  return updates.map((u) => outcomes.get(u.ref) ?? { ref: u.ref, ok: false, reason: 'atomic push failed (no answer for this ref)' });
}

/** Fetches every record of the remote into the tracking refs of `key` (pruning those gone there). */
export async function fetchRecords(repoTop: string, target: string, key: string, signal?: AbortSignal): Promise<void> {
  try {
    await runGit(['fetch', '--prune', '--no-tags', '--no-write-fetch-head', '--quiet', target, `+${RECORDS}*:${trackingPrefix(key)}*`], { cwd: repoTop, signal });
  } catch (e) {
    throw gitFailure('fetch', e);
  }
}

/** id -> commit of every ref under `prefix`, from one `for-each-ref`. */
export async function listRefs(repoTop: string, prefix: string): Promise<Map<string, string>> {
  const res = await runGit(['for-each-ref', '--format=%(objectname) %(refname)', prefix], { cwd: repoTop });
  const refs = new Map<string, string>();
  for (const line of res.stdout.toString('utf8').split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0) refs.set(line.slice(sp + 1 + prefix.length), line.slice(0, sp));
  }
  return refs;
}

/** Sets (commit) or deletes (null) many local refs in one `update-ref --stdin` transaction. */
export async function setLocalRefs(repoTop: string, refs: ReadonlyMap<string, string | null>): Promise<void> {
  if (refs.size === 0) return;
  const input = [...refs].map(([ref, oid]) => (oid === null ? `delete ${ref}\n` : `update ${ref} ${oid}\n`)).join('');
  await runGit(['update-ref', '--stdin'], { cwd: repoTop, input });
}

function gitFailure(what: 'push' | 'fetch', e: unknown): unknown {
  if (!(e instanceof GitCommandError)) return e;
  const said = e.stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-2).join(' ') || e.message;
  return new ShareError(`git ${what} failed: ${said}`,
    'nothing was lost on either side; check the remote and your access to it, then run the same command again');
}
