// Talking to the remote: `git push --atomic --porcelain` with its per-ref outcome parsed, and
// `git fetch` of the records into this store's tracking refs. Nothing here decides what to send.
import { bestEffort, ignoreErrors } from '../errors';
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

/** Where pushes of earlier versions staged their records for remote `key` (one ref per run; removed when found). */
export function outgoingPrefix(key: string): string {
  return `refs/runlens/outgoing/${key}/`;
}

/** The one ref the record commits of a push to remote `key` are written onto (see writeRecordCommits). */
export function stagingRef(key: string): string {
  return `refs/runlens/staging/${key}`;
}

/** The ref that keeps every record pushed to remote `key` reachable here (see keepReachable). */
export function pushedRef(key: string): string {
  return `refs/runlens/pushed/${key}`;
}

/**
 * Pushes every ref under `staged` to `refs/runlens/records/` in one atomic transaction: the
 * remote applies all or none. One glob refspec, not one per run: git matches each explicit
 * refspec against every ref (48 s for 1,000 refspecs beside 10,000 refs, 2 s as a glob). Records
 * are never forced: the remote accepts a record only as new or as a fast-forward of what it has, so
 * two clones never overwrite each other. `gitOptions` run the push from the staging repository
 * (stage.ts). Returns the outcome by destination ref.
 */
export async function pushStagedRefs(repoTop: string, target: string, gitOptions: readonly string[], staged: string, signal?: AbortSignal): Promise<Map<string, RefOutcome>> {
  return pushSpecs(repoTop, target, [], [`${staged}*:${RECORDS}*`], signal, gitOptions);
}

/**
 * Pushes explicit ref updates (prune's deletes, each with the value it expects) in one atomic
 * transaction; for the few refs a prune names.
 */
export async function pushRefs(repoTop: string, target: string, updates: readonly RefUpdate[], signal?: AbortSignal): Promise<RefOutcome[]> {
  const leases = updates.filter((u) => u.expect !== undefined).map((u) => `--force-with-lease=${u.ref}:${u.expect ?? ''}`);
  const specs = updates.map((u) => (u.commit === null ? `:${u.ref}` : `${u.commit}:${u.ref}`));
  const outcomes = await pushSpecs(repoTop, target, leases, specs, signal);
  // A ref git did not mention was not updated: say so rather than assume.
  return updates.map((u) => outcomes.get(u.ref) ?? { ref: u.ref, ok: false, reason: 'atomic push failed (no answer for this ref)' });
}

async function pushSpecs(repoTop: string, target: string, options: readonly string[], specs: readonly string[], signal?: AbortSignal,
  gitOptions: readonly string[] = []): Promise<Map<string, RefOutcome>> {
  let res;
  try {
    res = await runGit([...gitOptions, 'push', '--atomic', '--porcelain', '--no-verify', ...options, target, ...specs], { cwd: repoTop, signal, okCodes: [1] });
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
  return outcomes;
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

/**
 * Packs the refs a push or pull just wrote (one per run, as loose files) into packed-refs: every
 * later git command that looks at all refs (a fetch's connectivity check does, even of one ref)
 * then reads one file, not one per run (3 s against 0.1 s at 20,000 refs). What `git gc` would do
 * later anyway; a failure (another git holding the lock) changes nothing but speed.
 */
export async function packRefs(repoTop: string): Promise<void> {
  await bestEffort('packing refs', runGit(['pack-refs', '--all'], { cwd: repoTop }), ignoreErrors);
}

function gitFailure(what: 'push' | 'fetch', e: unknown): unknown {
  if (!(e instanceof GitCommandError)) return e;
  const said = e.stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-2).join(' ') || e.message;
  return new ShareError(`git ${what} failed: ${said}`,
    'nothing was lost on either side; check the remote and your access to it, then run the same command again');
}
