// `runlens cache status` about the data remote: what the local record says it holds and how many
// local objects it does not, read from the record alone (the remote is never asked).
import { DataCache } from '../data/cacheStore';
import { RemoteRecord } from './record';
import { describeRemote, type RemoteSpec } from './spec';

/** The remote as the local record knows it. */
export interface RemoteStatus {
  readonly remote: string;
  /** Objects known to be on the remote. */
  readonly known: number;
  /** Objects of the local cache not known to be there. */
  readonly localOnly: number;
}

/** Reports `spec` from the local record of the store at `storeRoot`. */
export async function remoteStatus(storeRoot: string, spec: RemoteSpec): Promise<RemoteStatus> {
  const record = await RemoteRecord.open(storeRoot, spec);
  const local = await new DataCache(storeRoot).list();
  return { remote: describeRemote(spec), known: record.size, localOnly: local.filter((o) => !record.hasObject(o.sha256)).length };
}
