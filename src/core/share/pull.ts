// `runlens pull`: fetches every run record of the remote into this store's tracking refs, then
// materialises the new and changed ones as read-only runs with their origin, and pins each pulled
// run's code snapshot under its usual ref so it can be reproduced. Nothing pulled is ever run.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { snapshotRef } from '../git/snapshot';
import { locateRepo } from '../git/repo';
import { type RunStore } from '../store/store';
import { type ShareConflict } from './push';
import { fetchCatalog } from './catalog';
import { materialiseAll, recordObjectNames } from './materialise';
import { existingObjects, readObjects } from './objects';
import { type ProgressSink } from './progress';
import { ALL_RECORD_FILES } from './record';
import { resolveShareRemote, type ShareRemote } from './remote';
import { loadState, saveState, withShareLock } from './state';
import { fetchRecords, listRefs, packRefs, setLocalRefs, trackingPrefix } from './transport';

/** What {@link pullRuns} needs. */
export interface PullRequest {
  readonly store: RunStore;
  readonly workspace: string;
  readonly remote?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressSink;
}

/** What a pull did. */
export interface PullResult {
  readonly remote: { readonly name: string; readonly url: string };
  /** Runs new here. */
  readonly added: readonly string[];
  /** Pulled runs replaced by a newer version from their author. */
  readonly updated: readonly string[];
  /** Records on the remote in total. */
  readonly onRemote: number;
  /** Runs of this store whose id the remote holds with other content (never overwritten). */
  readonly conflicts: readonly ShareConflict[];
  /** Records that could not be read (damaged or of a newer format), with why. */
  readonly failed: readonly { readonly id: string; readonly message: string }[];
}

/** Records read back per `cat-file --batch` (keeps memory bounded). */
const BATCH = 500;

/** Pulls the remote's runs into the store; see docs/sharing.md. */
export async function pullRuns(req: PullRequest): Promise<PullResult> {
  const repo = await locateRepo(req.workspace, { signal: req.signal });
  const remote = await resolveShareRemote(repo.toplevel, req.remote);
  return withShareLock(req.store.root, remote.key, () => pullLocked(req, repo.toplevel, remote));
}

async function pullLocked(req: PullRequest, repoTop: string, remote: ShareRemote): Promise<PullResult> {
  const progress = req.onProgress ?? (() => undefined);
  progress({ phase: 'fetch', done: 0, total: 0, message: `fetching runs from ${remote.name}` });
  const state = await loadState(req.store.root, remote.key, remote.url);
  // One ref first: when the catalog is what the last complete pull saw, no record changed there.
  const catalog = await fetchCatalog(repoTop, remote.target, remote.key, req.signal);
  if (catalog !== undefined && state.catalog?.commit === catalog) {
    progress({ phase: 'materialise', done: 0, total: 0, message: 'nothing new' });
    return { remote: { name: remote.name, url: remote.url }, added: [], updated: [], onRemote: state.catalog.records, conflicts: [], failed: [] };
  }
  await fetchRecords(repoTop, remote.target, remote.key, req.signal);
  const tracked = await listRefs(repoTop, trackingPrefix(remote.key));
  const conflicts: ShareConflict[] = [];
  const todo: { id: string; commit: string; update: boolean }[] = [];
  for (const [id, commit] of tracked) {
    if (state.pulled[id] === commit || state.pushed[id]?.[1] === commit) continue;
    const kind = await localKind(req.store, id);
    if (kind === 'own') {
      conflicts.push({ id, name: id, message: `run ${id} exists here and on ${remote.name} with other content; the remote's version was not pulled and yours was kept` });
      continue;
    }
    todo.push({ id, commit, update: kind === 'pulled' });
  }
  const added: string[] = [];
  const updated: string[] = [];
  const failed: { id: string; message: string }[] = [];
  for (let i = 0; i < todo.length; i += BATCH) {
    req.signal?.throwIfAborted();
    const batch = todo.slice(i, i + BATCH);
    progress({ phase: 'materialise', done: i, total: todo.length, message: `adding runs ${i + 1}-${i + batch.length} of ${todo.length}` });
    const objects = await readObjects(repoTop, batch.flatMap((t) => recordObjectNames(t.commit)), req.signal);
    const snapshots = new Map<string, string | null>();
    const recs = batch.map((t) => {
      const files = new Map<string, Buffer>();
      for (const f of ALL_RECORD_FILES) {
        const data = objects.get(`${t.commit}:${f}`);
        if (data) files.set(f, data);
      }
      return { id: t.id, commit: t.commit, files, commitObject: objects.get(t.commit) ?? Buffer.alloc(0) };
    });
    const written = await materialiseAll(req.store.root, recs, remote.name, repoTop);
    batch.forEach((t, k) => {
      const m = written[k];
      if (!m || m instanceof Error) {
        failed.push({ id: t.id, message: m?.message ?? 'not written' });
        return;
      }
      const snap = m.code?.snapshot?.commit;
      if (snap) snapshots.set(snapshotRef(t.id), snap);
      state.pulled[t.id] = t.commit;
      (t.update ? updated : added).push(t.id);
    });
    // The snapshot came with the record (it is the record's ancestor): pin it where reproduce looks.
    await pinSnapshots(repoTop, snapshots);
    await saveState(req.store.root, remote.key, state);
  }
  await packRefs(repoTop);
  // Only a pull that left nothing behind may skip the next one: conflicts and failures are re-read.
  if (catalog !== undefined && conflicts.length === 0 && failed.length === 0) state.catalog = { commit: catalog, records: tracked.size };
  else delete state.catalog;
  await saveState(req.store.root, remote.key, state);
  progress({ phase: 'materialise', done: todo.length, total: todo.length, message: 'done' });
  return { remote: { name: remote.name, url: remote.url }, added, updated, onRemote: tracked.size, conflicts, failed };
}

/** Whether run `id` is absent here, one of this store's own, or one pulled before. */
async function localKind(store: RunStore, id: string): Promise<'none' | 'own' | 'pulled'> {
  const text = await fsp.readFile(join(store.runDir(id), 'run.json'), 'utf8').catch(() => undefined); // absent: a new run
  if (text === undefined) {
    const trashed = await fsp.stat(join(store.root, 'trash', id)).then(() => true, () => false); // absent from the trash too
    return trashed ? 'own' : 'none';
  }
  return (JSON.parse(text) as { origin?: unknown }).origin ? 'pulled' : 'own';
}

/** Pins snapshot commits that exist here under `refs/runlens/runs/<id>` (a record without its snapshot pins nothing). */
async function pinSnapshots(repoTop: string, refs: Map<string, string | null>): Promise<void> {
  const present = await existingObjects(repoTop, [...refs.values()].filter((v): v is string => v !== null));
  for (const [ref, oid] of refs) if (oid === null || !present.has(oid)) refs.delete(ref);
  await setLocalRefs(repoTop, refs);
}
