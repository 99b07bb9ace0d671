// `runlens push`, the runs step: decides from the local record of what the remote has which runs are
// new or changed, writes their records as git commits and pushes them atomically, one ref per run.
import { locateRepo, type RepoInfo } from '../git/repo';
import { TERMINAL_STATUSES, type RunManifest } from '../model';
import { type RunStore } from '../store/store';
import { type RunSummary } from '../store/summary';
import { forEachLimit } from '../remote/limit';
import { announce } from './catalog';
import { ShareError } from './errors';
import { existingObjects, keepReachable, userIdent, writeRecordCommits, type Ident, type RecordCommit } from './objects';
import { type ProgressSink } from './progress';
import { readRecord } from './record';
import { resolveShareRemote, type ShareRemote } from './remote';
import { STAGED, withStaging, type Staging } from './stage';
import { fingerprint, loadState, saveState, withShareLock, type ShareState } from './state';
import { isConflict, listRefs, outgoingPrefix, packRefs, pushedRef, pushRefs, pushStagedRefs, recordRef, setLocalRefs, stagingRef, trackingPrefix, type RefUpdate } from './transport';

/** Which runs a push considers. */
export interface RunSelection {
  /** Run ids (already resolved); empty or absent: every run (filtered by `experiment`). */
  readonly ids?: readonly string[];
  readonly experiment?: string;
}

/** What {@link pushRuns} needs. */
export interface PushRequest {
  readonly store: RunStore;
  readonly workspace: string;
  /** A configured remote's name, or a URL/path named explicitly; default `origin`. */
  readonly remote?: string;
  readonly select?: RunSelection;
  readonly dryRun?: boolean;
  /** Also delete from the remote the records of runs pushed from here and since deleted here. */
  readonly prune?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressSink;
}

/** A run the remote refused because it holds another version of it. */
export interface ShareConflict {
  readonly id: string;
  readonly name: string;
  readonly message: string;
}

/** What a push did (or, with dryRun, would do). */
export interface PushResult {
  readonly remote: { readonly name: string; readonly url: string };
  /** Runs sent (new or changed), by id. */
  readonly pushed: readonly string[];
  /** Selected runs the remote already has as they are. */
  readonly unchanged: number;
  /** Records deleted from the remote (--prune). */
  readonly pruned: readonly string[];
  readonly conflicts: readonly ShareConflict[];
  /** Selected runs not pushed, with why (still running, pulled from someone else). */
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
  readonly dryRun: boolean;
}

/** Batch size of one fast-import and one `git push` (keeps argv and memory bounded). */
const BATCH = 1000;
/** Runs read at once while records are built. */
const READERS = 8;

/** Pushes new and changed runs to the remote; see docs/sharing.md. */
export async function pushRuns(req: PushRequest): Promise<PushResult> {
  const repo = await locateRepo(req.workspace, { signal: req.signal });
  const remote = await resolveShareRemote(repo.toplevel, req.remote);
  return withShareLock(req.store.root, remote.key, () => pushLocked(req, repo, remote));
}

async function pushLocked(req: PushRequest, repo: RepoInfo, remote: ShareRemote): Promise<PushResult> {
  const repoTop = repo.toplevel;
  const progress = req.onProgress ?? (() => undefined);
  progress({ phase: 'listing', done: 0, total: 0, message: 'listing runs' });
  const state = await loadState(req.store.root, remote.key, remote.url);
  const runs = await req.store.listSummaries();
  const ids = req.select?.ids && req.select.ids.length > 0 ? new Set(req.select.ids) : undefined;
  const skipped: { id: string; reason: string }[] = [];
  const todo: RunSummary[] = [];
  let unchanged = 0;
  for (const r of runs) {
    if (ids && !ids.has(r.id)) continue;
    if (req.select?.experiment !== undefined && r.experiment !== req.select.experiment) continue;
    if (r.origin) {
      if (ids) skipped.push({ id: r.id, reason: `pulled from ${r.origin.author}; only its author pushes it` });
      continue;
    }
    if (!TERMINAL_STATUSES.includes(r.status)) {
      skipped.push({ id: r.id, reason: `still ${r.status}; it is pushed once it ends` });
      continue;
    }
    if (state.pushed[r.id]?.[0] === fingerprint(r)) unchanged++;
    else todo.push(r);
  }
  const listed = new Set(runs.map((r) => r.id));
  const prune = req.prune ? Object.keys(state.pushed).filter((id) => !listed.has(id)) : [];
  const result = { remote: { name: remote.name, url: remote.url }, unchanged, skipped, dryRun: req.dryRun === true };
  // Nothing new: decided from the local record alone, without a word to the remote.
  if (req.dryRun || (todo.length === 0 && prune.length === 0 && state.catalogDue !== true)) {
    return { ...result, pushed: todo.map((r) => r.id), pruned: prune, conflicts: [] };
  }
  const author = await userIdent(repoTop);
  // Refs an interrupted push of an earlier version staged, one per run: gone (their records are
  // rebuilt below when still due; identical content makes identical commits).
  const outgoing = outgoingPrefix(remote.key);
  await setLocalRefs(repoTop, new Map([...(await listRefs(repoTop, outgoing)).keys()].map((id) => [`${outgoing}${id}`, null])));
  const conflicts: ShareConflict[] = [];
  const accepted = todo.length === 0 ? [] : await withStaging(repo, async (staging) => {
    const staged = new Map<string, { run: RunSummary; commit: string }>();
    for (let i = 0; i < todo.length; i += BATCH) {
      const batch = todo.slice(i, i + BATCH);
      progress({ phase: 'records', done: i, total: todo.length, message: `writing records ${i + 1}-${i + batch.length} of ${todo.length}` });
      const commits = await buildCommits(req.store, repoTop, stagingRef(remote.key), batch, state, author, req.signal);
      batch.forEach((run, k) => {
        const commit = commits[k];
        if (commit !== undefined) staged.set(recordRef(run.id), { run, commit });
      });
    }
    progress({ phase: 'push', done: 0, total: staged.size, message: `pushing ${staged.size} run(s) to ${remote.name}` });
    const done = await pushStaged(repoTop, remote, staging, staged, req.signal, (u, reason) => conflicts.push(conflictOf(u.run, remote, reason)));
    await record(req.store.root, repoTop, remote, state, author, done);
    return done;
  });
  const pruned = prune.length === 0 ? [] : await pruneRecords(req.store.root, repoTop, remote, state, prune, req.signal, conflicts);
  await announce(req.store.root, repoTop, remote, state, author, { pushed: accepted.length, pruned: pruned.length }, req.signal);
  // The runs' snapshot refs (one each, written loose when they ran) and the few refs above, packed.
  if (accepted.length + pruned.length > 0) await packRefs(repoTop);
  progress({ phase: 'push', done: accepted.length, total: accepted.length, message: 'done' });
  return { ...result, pushed: accepted.map((a) => a.id), pruned, conflicts };
}

/** The record commits of `runs`: parent is the record the remote has (an update) or the code snapshot (code travels with it). */
async function buildCommits(store: RunStore, repoTop: string, ref: string, runs: readonly RunSummary[], state: ShareState, author: { name: string; email: string }, signal?: AbortSignal): Promise<(string | undefined)[]> {
  // Read 8 runs at a time: file system latency overlaps (a push of 1,000 runs reads ~8,000 files).
  const manifests: (RunManifest | undefined)[] = new Array<RunManifest | undefined>(runs.length);
  await forEachLimit(runs.map((r, k) => ({ r, k })), READERS, async ({ r, k }) => { manifests[k] = await store.getRun(r.id); }, signal);
  // A parent must exist here: a store copied from another clone may know commits this repository lacks.
  const present = await existingObjects(repoTop, manifests.flatMap((m) => [m?.code?.snapshot?.commit, m && state.pushed[m.id]?.[1]].filter((o): o is string => typeof o === 'string')));
  const built: (RecordCommit | undefined)[] = new Array<RecordCommit | undefined>(runs.length);
  await forEachLimit([...manifests.entries()], READERS, async ([k, m]) => {
    if (!m) return; // deleted since the listing: nothing to push
    const prev = state.pushed[m.id]?.[1];
    const snap = m.code?.snapshot?.commit;
    const parents = prev && present.has(prev) ? [prev] : snap && present.has(snap) ? [snap] : [];
    const time = Date.parse(m.endedAt ?? m.createdAt) / 1000;
    built[k] = { files: await readRecord(store.runDir(m.id), m, repoTop), parents, author, time, message: `runlens record of run ${m.id} (${m.name})\n` };
  }, signal);
  const index = [...built.keys()].filter((k) => built[k] !== undefined);
  const commits = index.map((k) => built[k] as RecordCommit);
  const oids = await writeRecordCommits(repoTop, ref, commits, signal);
  const out: (string | undefined)[] = runs.map(() => undefined);
  index.forEach((k, j) => { out[k] = oids[j]; });
  return out;
}

/**
 * Pushes the staged records in one atomic push; records the remote refused for their own content
 * are reported as conflicts, unstaged, and the rest pushed again (--atomic fails them all together).
 * Returns the records the remote accepted.
 */
async function pushStaged(repoTop: string, remote: ShareRemote, staging: Staging, staged: Map<string, { run: RunSummary; commit: string }>, signal: AbortSignal | undefined,
  conflict: (u: { run: RunSummary; commit: string }, reason: string) => void): Promise<{ id: string; fp: string; commit: string }[]> {
  while (staged.size > 0) {
    await staging.stage(new Map([...staged.values()].map((u) => [u.run.id, u.commit])));
    const outcomes = await pushStagedRefs(repoTop, remote.target, staging.gitOptions, STAGED, signal);
    const refused = [...outcomes.values()].filter((o) => isConflict(o) && staged.has(o.ref));
    if (refused.length === 0) {
      const bad = [...staged.keys()].map((ref) => outcomes.get(ref) ?? { ref, ok: false, reason: 'no answer for this ref' }).find((o) => !o.ok);
      if (bad) throw new ShareError(`the remote refused the push: ${bad.reason}`, 'nothing was changed on the remote; run the same command again');
      return [...staged.values()].map((u) => ({ id: u.run.id, fp: fingerprint(u.run), commit: u.commit }));
    }
    for (const o of refused) {
      const u = staged.get(o.ref);
      if (u) conflict(u, o.reason);
      staged.delete(o.ref);
    }
  }
  return [];
}

function conflictOf(run: RunSummary, remote: ShareRemote, reason: string): ShareConflict {
  return {
    id: run.id, name: run.name,
    message: `run ${run.name} (${run.id}) is on ${remote.name} with other content (${reason}): another clone pushed its own version of it. ` +
      'Nothing was overwritten on either side.',
  };
}

/**
 * Notes accepted records in the state, so the next push and pull know the remote has them, and
 * keeps them reachable here (an update's parent is the record pushed before) from one ref,
 * `refs/runlens/pushed/<remote>`: no ref per run. The staging ref is scratch space: dropped.
 */
async function record(storeRoot: string, repoTop: string, remote: ShareRemote, state: ShareState, who: Ident, done: readonly { id: string; fp: string; commit: string }[]): Promise<void> {
  const keeper = pushedRef(remote.key);
  const previous = (await listRefs(repoTop, keeper)).get('');
  await keepReachable(repoTop, keeper, previous, done.map((d) => d.commit), who, `runlens: ${done.length} record(s) pushed to ${remote.url}\n`);
  await setLocalRefs(repoTop, new Map([[stagingRef(remote.key), null]]));
  for (const d of done) state.pushed[d.id] = [d.fp, d.commit];
  await saveState(storeRoot, remote.key, state);
}

/** Deletes the remote records of runs deleted here, each only if the remote still holds what this store pushed. */
async function pruneRecords(storeRoot: string, repoTop: string, remote: ShareRemote, state: ShareState, ids: readonly string[], signal: AbortSignal | undefined, conflicts: ShareConflict[]): Promise<string[]> {
  let left: RefUpdate[] = ids.map((id) => ({ ref: recordRef(id), commit: null, expect: state.pushed[id]?.[1] ?? '' }));
  let accepted: string[] = [];
  // Atomic like a push of records; a delete refused because the record changed there is reported, the rest retried.
  while (left.length > 0) {
    const outcomes = await pushRefs(repoTop, remote.target, left, signal);
    const refused = outcomes.filter(isConflict);
    if (refused.length === 0) {
      const bad = outcomes.find((o) => !o.ok);
      if (bad) throw new ShareError(`the remote refused to prune: ${bad.reason}`, 'nothing was changed on the remote; run the same command again');
      accepted = left.map((u) => u.ref);
      break;
    }
    for (const o of refused) {
      const id = o.ref.slice(recordRef('').length);
      conflicts.push({ id, name: id, message: `run ${id} was not pruned from ${remote.name}: it changed there since this store pushed it (${o.reason})` });
    }
    const bad = new Set(refused.map((o) => o.ref));
    left = left.filter((u) => !bad.has(u.ref));
  }
  const refs = new Map<string, string | null>();
  for (const ref of accepted) {
    const id = ref.slice(recordRef('').length);
    delete state.pushed[id];
    refs.set(`${trackingPrefix(remote.key)}${id}`, null);
    refs.set(recordRef(id), null);
  }
  await setLocalRefs(repoTop, refs);
  await saveState(storeRoot, remote.key, state);
  return accepted.map((ref) => ref.slice(recordRef('').length));
}
