// What the front ends call to share data: push the objects of runs to a data remote, pull the
// objects runs need, and fetch given objects (for reproduce and Restore This Version), each with
// the remote's local record kept up to date.
import { RemoteRecord } from './record';
import { type DataRemote } from './remote';
import { planPull, planPush, type RunRef } from './runObjects';
import { describeRemote, type RemoteSpec } from './spec';
import { pullObjects, pushObjects, type ObjectRef, type PullOutcome, type PushOutcome, type TransferOptions } from './transfer';
import { withRemote } from './open';

/** What a push of runs' data did. */
export interface DataPushResult extends PushOutcome {
  readonly remote: string;
  readonly runs: number;
  /** Runs the local record lists as pushed already (not read again). */
  readonly alreadyPushed: number;
  readonly objects: number;
}

/** What a pull of runs' data did. */
export interface DataPullResult extends PullOutcome {
  readonly remote: string;
  readonly runs: number;
  readonly objects: number;
}

/** Where a store is: its directory and the workspace its output paths are relative to. */
export interface StoreRef {
  readonly root: string;
  readonly workspaceRoot: string;
}

/**
 * Uploads the objects of `runs` (their cached datasets' files and their outputs) that the remote
 * lacks. A push with nothing new reads only the local record. `remote` may be an open remote.
 */
export async function pushRunData(store: StoreRef, spec: RemoteSpec, runs: readonly RunRef[], options: TransferOptions & { remote?: DataRemote } = {}): Promise<DataPushResult> {
  const record = await RemoteRecord.open(store.root, spec);
  const plan = await planPush(store.root, store.workspaceRoot, runs, record);
  const base = { remote: describeRemote(spec), runs: runs.length, alreadyPushed: plan.alreadyPushed, objects: plan.objects.length };
  const outcome = plan.objects.some((o) => !record.hasObject(o.sha256))
    ? await using(spec, options.remote, (r) => pushObjects(store.root, r, record, plan.objects, options))
    : { uploaded: 0, uploadedBytes: 0, present: plan.objects.length, changed: [] };
  for (const id of plan.complete) record.addRun(id);
  await record.flush();
  return { ...base, ...outcome };
}

/** Downloads into the data cache the objects `runs` read (and wrote, with `outputs`) that it lacks. */
export async function pullRunData(store: StoreRef, spec: RemoteSpec, runs: readonly RunRef[], options: TransferOptions & { outputs?: boolean; remote?: DataRemote } = {}): Promise<DataPullResult> {
  const objects = await planPull(runs, { outputs: options.outputs ?? false });
  const outcome = await fetchObjects(store.root, spec, objects, options);
  return { remote: describeRemote(spec), runs: runs.length, objects: new Set(objects.map((o) => o.sha256)).size, ...outcome };
}

/** Downloads the given objects the data cache lacks. */
export async function fetchObjects(storeRoot: string, spec: RemoteSpec, objects: readonly ObjectRef[], options: TransferOptions & { remote?: DataRemote } = {}): Promise<PullOutcome> {
  const record = await RemoteRecord.open(storeRoot, spec);
  return using(spec, options.remote, (r) => pullObjects(storeRoot, r, record, objects, options));
}

async function using<T>(spec: RemoteSpec, open: DataRemote | undefined, work: (r: DataRemote) => Promise<T>): Promise<T> {
  return open ? work(open) : withRemote(spec, work);
}
