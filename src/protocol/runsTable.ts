// The Runs Table webview's wire protocol: a compact columnar snapshot (one interned string table,
// per column the cells as string indices packed little-endian in base64), then increments (changed,
// added and removed rows, new columns) and row orders; the host sorts and filters with core.
// Every message in either direction is checked on receipt by its guard (runsTableGuards.ts).

/** The groups columns belong to (each collapses as one). */
export type TableGroup = 'run' | 'params' | 'metrics' | 'code' | 'data';
export const TABLE_GROUPS: readonly TableGroup[] = ['run', 'params', 'metrics', 'code', 'data'];
/** Which summary a metric column shows; `best` follows the metric's goal. */
export type TableAggregate = 'last' | 'best' | 'min' | 'max';
export const TABLE_AGGREGATES: readonly TableAggregate[] = ['last', 'best', 'min', 'max'];

/** One column: its key (`status`, `param:lr`, `metric:loss`, `data:SPEC`...), label and kind. */
export interface TableColumn {
  readonly key: string;
  readonly label: string;
  readonly group: TableGroup;
  /** Right-aligned, comparable numbers. */
  readonly numeric: boolean;
  /** A metric's goal (its best value is marked); null for other columns or a metric without one. */
  readonly goal: 'min' | 'max' | null;
  /** A metric column's summary. */
  readonly aggregate?: TableAggregate;
}

/**
 * Cells of one column, slot by slot: indices into the string table (0 is the empty string),
 * little-endian unsigned integers of `width` bytes, in base64. With `dict`, each cell is an index
 * into `dict`, which holds the string indices (a column of few distinct values, one byte a cell).
 */
export interface WireCells {
  readonly width: 1 | 2 | 4;
  readonly data: string;
  readonly dict?: readonly number[];
}

/** One sort key of the table (the first key first, Shift-click adds keys). */
export interface TableSortKey {
  readonly column: string;
  readonly direction: 'asc' | 'desc';
}

/** The quick filters above the table, applied with the filter text. */
export interface QuickFilters {
  readonly statuses: readonly string[];
  readonly starred: boolean;
  readonly tags: readonly string[];
}

/** How the table groups its rows: not at all, or by experiment (the Runs view's rule, src/views/runs/groupedRuns.ts). */
export type TableGrouping = 'none' | 'experiment';
export const TABLE_GROUPINGS: readonly TableGrouping[] = ['none', 'experiment'];

/** What the table shows of the runs: filter, quick filters, sort, grouping (absent: none, as before grouping existed). */
export interface TableQuery {
  readonly filter: string;
  readonly quick: QuickFilters;
  readonly sort: readonly TableSortKey[];
  readonly group?: TableGrouping;
}

/** One group of rows: `count` consecutive entries of the order, under a header row. */
export interface TableRowGroup {
  /** The group's key (an experiment's name, or the Runs view's label of ad-hoc runs). */
  readonly key: string;
  readonly count: number;
}

/**
 * Layout kept per workspace: column order (every column the page has seen), widths, hidden and
 * pinned columns, collapsed groups. A column not yet in `order` is new: it arrives hidden.
 */
export interface TableLayout {
  readonly order: readonly string[];
  readonly widths: Readonly<Record<string, number>>;
  readonly hidden: readonly string[];
  readonly pinned: readonly string[];
  readonly collapsed: readonly TableGroup[];
  readonly aggregates: Readonly<Record<string, TableAggregate>>;
  readonly onlyDiffering: boolean;
  /** Row groups folded to their header (absent in layouts kept before grouping existed). */
  readonly foldedGroups?: readonly string[];
  /** Metric columns that draw a sparkline of each run's series in their cells. */
  readonly sparklines?: readonly string[];
}

/** Which rows show, in which order, and the best row of each metric column among them. */
export interface TableOrder {
  /** Slots in display order (little-endian uint32, base64). */
  readonly order: string;
  readonly shown: number;
  readonly total: number;
  /** Per column (same index as `columns`): the slot holding its best value, or -1. */
  readonly best: readonly number[];
  /**
   * Keys of columns whose value differs between the shown runs: every column when the layout shows
   * only differing columns, else those whose cells the page has (no other use needs the rest).
   */
  readonly differing: readonly string[];
  /** Why the filter could not be applied (then every run shows), else null. */
  readonly filterError: string | null;
  /** The groups the order falls into, in order (empty when the query does not group). */
  readonly groups: readonly TableRowGroup[];
}

/** Host → webview: the whole table once, after `ready`. */
export interface TableSnapshot extends TableOrder {
  readonly type: 'snapshot';
  readonly folder: string;
  readonly strings: readonly string[];
  readonly columns: readonly TableColumn[];
  /** Run id of each slot. */
  readonly runIds: readonly string[];
  /**
   * Per column, its cells by slot; null for a column not sent yet (the page asks for it with
   * `columns` when it comes into view: a wide table opens with the columns in view only).
   */
  readonly cells: readonly (WireCells | null)[];
  readonly query: TableQuery;
  readonly layout: TableLayout | null;
  /**
   * The slots `cells` hold, when they hold the first rows of the order only (packed as `order`):
   * cell k of a column is slot head[k]'s. The page draws its first screen from them; each of those
   * columns' whole cells follow in `cells` messages. Absent: `cells` hold every slot.
   */
  readonly head?: string;
}

/** One row's cells after a change: a string index per column (new columns included). */
export interface RowUpdate {
  readonly slot: number;
  readonly id: string;
  readonly cells: readonly number[];
}

/** Host → webview: strings appended to the table, new columns, changed or new rows, removed slots. */
export interface TableRowsMessage {
  readonly type: 'rows';
  /** Index the first of `strings` gets (the page's table length before it). */
  readonly stringBase: number;
  readonly strings: readonly string[];
  readonly columnsAdded: readonly TableColumn[];
  readonly rows: readonly RowUpdate[];
  readonly removed: readonly number[];
}

/** Host → webview: one column's cells again (its metric summary changed). */
export interface TableColumnMessage {
  readonly type: 'column';
  readonly stringBase: number;
  readonly strings: readonly string[];
  readonly index: number;
  readonly column: TableColumn;
  readonly cells: WireCells;
}

/** Host → webview: the cells of columns the page asked for (`columns`), with each one's best slot among the shown rows. */
export interface TableCellsMessage {
  readonly type: 'cells';
  readonly stringBase: number;
  readonly strings: readonly string[];
  /** Column indices (as in the snapshot's `columns`), each with its cells and best slot (or -1) at the same position. */
  readonly indices: readonly number[];
  readonly cells: readonly WireCells[];
  readonly best: readonly number[];
}

/** Host → webview: a new order after a query or a change. */
export interface TableOrderMessage extends TableOrder {
  readonly type: 'order';
}

/** Points of a sparkline: one run's metric series, downsampled, finite values only. */
export interface SparkSeries {
  readonly id: string;
  readonly values: readonly number[];
}

/** Host → webview: the series of metric `column` for runs the page asked about (empty values: none). */
export interface TableSeriesMessage {
  readonly type: 'series';
  readonly column: string;
  readonly series: readonly SparkSeries[];
}

/** Every message the host sends to the Runs Table. */
export type RunsTableToWebview = TableSnapshot | TableRowsMessage | TableColumnMessage | TableCellsMessage | TableOrderMessage | TableSeriesMessage;

/** Actions on the selected runs; each calls the Runs view's command of the same name. */
export const TABLE_ACTIONS = ['compare', 'showLineage', 'reproduce', 'rerun', 'delete', 'star', 'unstar', 'tag', 'open'] as const;
export type TableAction = (typeof TABLE_ACTIONS)[number];

/**
 * When the page reached each step of its first open, epoch ms on the page's clock
 * (`performance.timeOrigin + performance.now()`; host and page run on one machine): the host logs
 * them beside its own steps, so where an open's time goes is in the Runlens log.
 */
export interface PageOpenTimes {
  /** The page's time origin (its document's start). */
  readonly origin: number;
  /** The bundle fetched (its resource timing's end), or 0 when the browser gave none. */
  readonly fetched: number;
  /** The bundle's code started running (after its imports). */
  readonly script: number;
  /** `ready` posted. */
  readonly ready: number;
  /** The snapshot's message arrived. */
  readonly received: number;
  /** The snapshot was checked by the guard and loaded into the page's table. */
  readonly loaded: number;
  /** The first frame with the grid was drawn. */
  readonly drawn: number;
}

/** Webview → host messages. */
export type RunsTableFromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'query'; readonly query: TableQuery }
  | { readonly type: 'aggregate'; readonly column: string; readonly aggregate: TableAggregate }
  | { readonly type: 'layout'; readonly layout: TableLayout }
  | { readonly type: 'select'; readonly ids: readonly string[] }
  | { readonly type: 'action'; readonly action: TableAction; readonly ids: readonly string[] }
  | { readonly type: 'exportCsv'; readonly columns: readonly string[] }
  /** Copies a run's cells of `columns`, tab-separated (the host has every column's cells, the page only those it drew). */
  | { readonly type: 'copyCells'; readonly id: string; readonly columns: readonly string[] }
  /** Asks for the cells of columns the page has not got yet (they came into view). */
  | { readonly type: 'columns'; readonly keys: readonly string[] }
  | { readonly type: 'series'; readonly column: string; readonly ids: readonly string[] }
  | { readonly type: 'rendered'; readonly ms: number; readonly rows: number; readonly columns: number; readonly what: string }
  /** After the first snapshot's frame: when the page reached each step of its open. */
  | { readonly type: 'opened'; readonly times: PageOpenTimes };
