// The Runs Table's snapshots: the first one is built from the panel's creation, while the page loads
// (a second or more in a busy window), and posted when the page says `ready`; a page that loads
// again, or a store read afresh, gets one built then. A big table's snapshot carries the cells of
// its first rows, and the rest of those columns follows in a few messages after it.
import type * as vscode from 'vscode';
import { errorMessage } from '../../core/errors';
import { type RunCatalog } from '../../core/store/catalog';
import { withRuns } from '../../core/store/catalogFile';
import { type RunsTableToWebview, type TableLayout, type TableQuery, type TableSnapshot } from '../../protocol/runsTable';
import { type RunsTableModel } from '../../views/runsTable/model';
import { yieldToEventLoop } from '../runs/chunkedListing';
import { type FolderRuns } from '../runs/folderRuns';
import { type WebviewChannel } from '../webviews/channel';
import { type OpenTrace } from './openTrace';

/**
 * Rows whose cells a snapshot of more runs carries (more than a tall screen shows): the page draws
 * its first screen from them, and the rest of those columns follows, {@link FOLLOW_CELLS} at a time.
 */
export const HEAD_ROWS = 150;
/** Cells per message of the rest (a few columns of 100,000 runs): the host answers the page between two. */
const FOLLOW_CELLS = 400_000;

/** What a snapshot is built from, and where it goes. */
export interface SnapshotSource {
  readonly folder: FolderRuns;
  readonly model: RunsTableModel;
  readonly channel: Pick<WebviewChannel<RunsTableToWebview, unknown>, 'post'>;
  readonly log: vscode.LogOutputChannel;
  query(): TableQuery;
  layout(): TableLayout | null;
  /** The open being traced, if any. */
  trace(): OpenTrace | undefined;
}

interface Built {
  readonly snapshot: TableSnapshot;
  /** Whether the store's catalog gave the names (else the runs were walked, and the catalog is rebuilt after the post). */
  readonly catalogued: boolean;
}

/** Builds and posts one panel's snapshots. */
export class SnapshotSender {
  /** The first snapshot, being built while the page loads; taken by the first {@link send}. */
  private prepared: Promise<Built | undefined> | undefined;
  /** The runs changed after the prepared snapshot's listing began: it is built again. */
  private changed = false;
  private sentOnce = false;
  /** Counts snapshots sent: the rest of an older one's columns stops following when a newer one goes. */
  private generation = 0;

  constructor(private readonly source: SnapshotSource) {}

  /** Whether a snapshot was posted (increments make sense to the page from then on). */
  get sent(): boolean {
    return this.sentOnce;
  }

  /**
   * Starts building the first snapshot now, for the page's `ready`. After a turn of the event loop:
   * the build holds the extension host's one thread, and the panel's creation and page must
   * reach the window first (the extension host sends them when it next gets a turn).
   */
  prepare(): void {
    this.changed = false;
    this.prepared = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => this.build()).catch((e: unknown) => {
      this.source.log.warn(`Runs Table: the table could not be built ahead of its page: ${errorMessage(e)}`);
      return undefined;
    });
  }

  /** The folder's runs changed: a snapshot built before, and not yet posted, is built again when sent. */
  runsChanged(): void {
    if (!this.sentOnce) this.changed = true;
  }

  /** Posts a snapshot: the prepared one when the runs did not change since, else one built now. */
  async send(): Promise<void> {
    const generation = ++this.generation;
    const prepared = this.prepared;
    this.prepared = undefined;
    let built = prepared && await prepared;
    if (!built || this.changed) {
      this.changed = false;
      built = await this.build();
    }
    this.sentOnce = true;
    await this.source.channel.post(built.snapshot);
    this.source.trace()?.mark('snapshot posted');
    await this.follow(generation);
    // No catalog to extend (a new or rewritten index): the runs were walked this time, and the
    // catalog is rebuilt after the page has its table, for the next open.
    if (!built.catalogued) void this.source.folder.store.summaryCatalog().catch((e: unknown) => this.source.log.warn(`Runs Table: the store's catalog of names could not be rebuilt: ${errorMessage(e)}`));
  }

  /**
   * Posts the rest of the columns a snapshot sent the first rows of, a turn of the event loop
   * between messages. The first goes at once: a page's query answered meanwhile finds most of it
   * there (a small table's whole rest), and the host answers queries between the others.
   */
  private async follow(generation: number): Promise<void> {
    for (;;) {
      if (generation !== this.generation) return;
      const cells = this.source.model.nextColumns(FOLLOW_CELLS);
      if (!cells) return;
      await this.source.channel.post(cells);
      await yieldToEventLoop();
    }
  }

  private async build(): Promise<Built> {
    const { folder, model, log } = this.source;
    const start = performance.now();
    const runs = await folder.list();
    this.source.trace()?.mark('runs listed');
    const catalog = await this.catalog();
    this.source.trace()?.mark('catalog read');
    const listed = performance.now();
    const snapshot = model.snapshot(folder.folder.uri.fsPath, runs, this.source.query(), this.source.layout(), catalog, HEAD_ROWS);
    this.source.trace()?.mark('snapshot built');
    const withCells = snapshot.cells.filter((c) => c !== null).length;
    const rows = snapshot.head === undefined ? '' : `, of the first ${HEAD_ROWS} rows`;
    log.info(`Runs Table: snapshot of ${runs.length} runs × ${snapshot.columns.length} columns (${withCells} with their cells${rows}) built in ${(performance.now() - listed).toFixed(0)} ms, the runs listed in ${(listed - start).toFixed(0)} ms`);
    return { snapshot, catalogued: catalog !== undefined };
  }

  /**
   * The names of every param, metric and dataset of the folder's runs from the store's catalog (kept
   * beside its index), with those of the runs it may lack: live ones and ones changed since the
   * index's last batch. Undefined (the model walks the runs) when the store has no catalog to give.
   */
  private async catalog(): Promise<RunCatalog | undefined> {
    const { folder, log } = this.source;
    const read = await folder.store.summaryCatalog({ rebuild: false }).catch((e: unknown) => {
      log.warn(`Runs Table: the store's catalog of names could not be read, the runs are walked for them: ${errorMessage(e)}`);
      return undefined;
    });
    if (!read?.unindexed) return undefined;
    const unindexed = read.unindexed.map((id) => folder.get(id)).filter((r) => r !== undefined);
    return withRuns(read.catalog, [...folder.liveRuns(), ...unindexed]);
  }
}
