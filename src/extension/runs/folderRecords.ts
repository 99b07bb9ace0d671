// The lineage records of one folder's runs (what the Datasets view and the stale marks judge), read
// whole once, after the Runs view's first rows and in chunks that let the event loop run, then kept
// current one changed run at a time: a run starting or ending re-reads that run, not the store.
import { lineageRecords, streamLineageRecords } from '../../core/lineage/load';
import { type LineageRunRecord } from '../../core/lineage/types';
import { type FolderRuns, type RunsChange, yieldToEventLoop } from './folderRuns';

/** Runs read from the manifest index between two turns of the event loop. */
const RECORDS_PER_TURN = 500;

/** One folder's records, by run id. */
export class FolderRecords {
  private byId: Map<string, LineageRunRecord> | undefined;
  private loading: Promise<Map<string, LineageRunRecord>> | undefined;
  /** Runs changed since their record was read. */
  private readonly dirty = new Set<string>();
  /** Bumped when the folder is re-read whole: a load begun before it is not kept. */
  private generation = 0;

  constructor(private readonly folder: FolderRuns) {
    folder.onDidChange((c) => this.onChange(c));
  }

  /** Every run's record, newest first (read on first use, then only the runs changed since). */
  async records(): Promise<LineageRunRecord[]> {
    let byId = this.byId;
    if (!byId) {
      this.loading ??= this.loadAll();
      byId = await this.loading;
    }
    if (this.dirty.size > 0) await this.refresh(byId);
    return [...byId.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  }

  private onChange(c: RunsChange): void {
    // A reload names no run: the folder's runs are read whole again on the next use.
    if (c.changed.size === 0) {
      this.generation++;
      this.byId = undefined;
      this.loading = undefined;
      this.dirty.clear();
      return;
    }
    for (const id of c.changed) this.dirty.add(id);
  }

  private async loadAll(): Promise<Map<string, LineageRunRecord>> {
    const generation = this.generation;
    // The Runs view's rows come first: its listing and first page are what a person waits for.
    await this.folder.list();
    await this.folder.rows.open();
    this.dirty.clear();
    // Only the records are kept, never every manifest at once (100,000 of them weigh a gigabyte).
    const records = await streamLineageRecords(this.folder.store, { chunk: RECORDS_PER_TURN, pause: yieldToEventLoop });
    const byId = new Map(records.map((r) => [r.id, r]));
    if (generation === this.generation) this.byId = byId;
    this.loading = undefined;
    return byId;
  }

  private async refresh(byId: Map<string, LineageRunRecord>): Promise<void> {
    const ids = [...this.dirty];
    this.dirty.clear();
    await Promise.all(ids.map(async (id) => {
      const m = await this.folder.manifest(id); // the folder read it when the change came
      // Link files unreadable right now (a run being deleted): dropped until the run's next change.
      const [record] = m ? await lineageRecords([{ m, dir: this.folder.store.runDir(id), trashed: false }]).catch(() => []) : [];
      if (record) byId.set(id, record);
      else byId.delete(id);
    }));
  }
}

const folders = new WeakMap<FolderRuns, FolderRecords>();

/** The records of `folder`, shared by every feature that reads them. */
export function recordsOf(folder: FolderRuns): FolderRecords {
  let records = folders.get(folder);
  if (!records) folders.set(folder, (records = new FolderRecords(folder)));
  return records;
}
