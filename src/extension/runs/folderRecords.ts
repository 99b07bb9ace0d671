// The lineage records of one folder's runs (what the Datasets view and the stale marks judge), read
// whole once, after the Runs view's first rows and in chunks that let the event loop run, then kept
// current one changed run at a time: a run starting or ending re-reads that run, not the store. Only
// the runs linked to data and each result's newest run are kept whole (recordSet.ts).
import { lineageRecords, streamLineageRecords } from '../../core/lineage/load';
import { LineageRecordSet, readsOrWrites } from '../../core/lineage/recordSet';
import { type LineageRunRecord } from '../../core/lineage/types';
import { yieldToEventLoop } from './chunkedListing';
import { type FolderRuns, type RunsChange } from './folderRuns';

/** Runs read from the manifest index between two turns of the event loop. */
const RECORDS_PER_TURN = 500;

/** One folder's records, kept as a {@link LineageRecordSet}. */
export class FolderRecords {
  private set: LineageRecordSet | undefined;
  private loading: Promise<LineageRecordSet> | undefined;
  /** Runs changed since their record was read. */
  private readonly dirty = new Set<string>();
  /** Bumped when the folder is re-read whole: a load begun before it is not kept. */
  private generation = 0;

  constructor(private readonly folder: FolderRuns) {
    folder.onDidChange((c) => this.onChange(c));
  }

  /**
   * The records of every run linked to data and of each result's newest finished run, newest first
   * (read on first use, then only the runs changed since): what the stale check, the Datasets view
   * and "runs that read this file" need, the same answers as from every run's record.
   */
  async records(): Promise<LineageRunRecord[]> {
    let set = this.set;
    if (!set) {
      this.loading ??= this.loadAll();
      set = await this.loading;
    }
    if (this.dirty.size > 0) await this.refresh(set);
    return set.records((id) => this.read(id));
  }

  private onChange(c: RunsChange): void {
    // A reload names no run: the folder's runs are read whole again on the next use (not after the
    // first listing: the records are read after it, see loadAll).
    if (c.changed.size === 0 && !c.firstListing) {
      this.generation++;
      this.set = undefined;
      this.loading = undefined;
      this.dirty.clear();
      return;
    }
    for (const id of c.changed) this.dirty.add(id);
  }

  private async loadAll(): Promise<LineageRecordSet> {
    const generation = this.generation;
    // The Runs view's rows come first: its listing and first page are what a person waits for.
    await this.folder.listAfterRows();
    await this.folder.rows.open();
    this.dirty.clear();
    // Never every manifest at once (100,000 weigh a gigabyte), nor every record: the runs linked to
    // nothing leave only their result key and creation time in the set.
    const set = new LineageRecordSet();
    const linked = await streamLineageRecords(this.folder.store, {
      chunk: RECORDS_PER_TURN, pause: yieldToEventLoop,
      keep: (r) => readsOrWrites(r) || (set.set(r), false),
    });
    // Linked records come back at the end: with the files of versions a later chunk read.
    for (const r of linked) set.set(r);
    if (generation === this.generation) this.set = set;
    this.loading = undefined;
    return set;
  }

  private async refresh(set: LineageRecordSet): Promise<void> {
    const ids = [...this.dirty];
    this.dirty.clear();
    await Promise.all(ids.map(async (id) => {
      const record = await this.read(id);
      if (record) set.set(record);
      else set.delete(id);
    }));
  }

  /** One run's record from its manifest (the folder read it when its change came); undefined when gone. */
  private async read(id: string): Promise<LineageRunRecord | undefined> {
    const m = await this.folder.manifest(id);
    // Link files unreadable right now (a run being deleted): dropped until the run's next change.
    const [record] = m ? await lineageRecords([{ m, dir: this.folder.store.runDir(id), trashed: false }]).catch(() => []) : [];
    return record;
  }
}

const folders = new WeakMap<FolderRuns, FolderRecords>();

/** The records of `folder`, shared by every feature that reads them. */
export function recordsOf(folder: FolderRuns): FolderRecords {
  let records = folders.get(folder);
  if (!records) folders.set(folder, (records = new FolderRecords(folder)));
  return records;
}
