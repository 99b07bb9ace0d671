// The datasets of one workspace folder as the Datasets view shows them: the lineage records of
// its runs, every declared path with its versions, and the workspace's current hash of each,
// through the walk fingerprints and the store's stat cache, so an unchanged workspace costs stat time only.
import { HashCache } from '../../core/data/cache';
import { listDatasets, type DatasetInfo } from '../../core/lineage/datasets';
import { workspaceHashes } from '../../core/lineage/status';
import { type LineageRunRecord } from '../../core/lineage/types';
import { ensureStore, StoreLayout } from '../../core/store/layout';
import { type FolderRuns } from '../runs/folderRuns';
import { recordsOf } from '../runs/folderRecords';

/** A folder's datasets at one moment. */
export interface DatasetsSnapshot {
  readonly folder: FolderRuns;
  readonly records: LineageRunRecord[];
  readonly datasets: DatasetInfo[];
  /** Specs that could not be hashed, with why. */
  readonly problems: string[];
}

/** Loads the datasets of `folder`: its runs' records and the workspace's state of every declared path. */
export async function loadFolderDatasets(folder: FolderRuns): Promise<DatasetsSnapshot> {
  const store = folder.store;
  const records = await recordsOf(folder).records();
  const specs = listDatasets(records).map((d) => d.spec);
  const problems: string[] = [];
  if (specs.length === 0) return { folder, records, datasets: [], problems };
  const layout = new StoreLayout(store.root);
  const cache = await HashCache.open(layout.root);
  const now = await workspaceHashes(store.workspaceRoot, specs, cache, problems);
  await ensureStore(layout);
  await cache.save();
  return { folder, records, datasets: listDatasets(records, now), problems };
}

/** The name of each run of a snapshot, by id (the id itself for one it does not know). */
export function runNames(snapshot: DatasetsSnapshot): (id: string) => string {
  const names = new Map(snapshot.records.map((r) => [r.id, r.name]));
  return (id) => names.get(id) ?? id;
}
