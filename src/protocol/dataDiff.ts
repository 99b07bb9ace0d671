// Messages between the extension host and the Data Diff webview (docs/lineage.md#data-diff): the
// host sends the diff of two data versions (sizes already formatted), the page asks to open a file.
import { hasType, isString } from './guards';

/** A column of a tabular file. */
export interface DataDiffColumn {
  readonly name: string;
  readonly type: string;
}

/** Rows and columns of a changed tabular file; rows are null where a side was not readable. */
export interface DataDiffTable {
  readonly format: string;
  readonly rowsA: number | null;
  readonly rowsB: number | null;
  readonly columnsAdded: readonly DataDiffColumn[];
  readonly columnsRemoved: readonly DataDiffColumn[];
  readonly typeChanged: readonly { readonly name: string; readonly from: string; readonly to: string }[];
}

/** One file that differs. */
export interface DataDiffFile {
  readonly change: 'added' | 'removed' | 'changed' | 'renamed';
  readonly path: string;
  readonly oldPath?: string;
  /** "1.2 KB", "1.2 KB -> 3 KB", as the page shows them. */
  readonly sizeText: string;
  readonly table?: DataDiffTable;
  readonly notes: readonly string[];
  /** The page may offer to open it: B is the workspace and holds the file. */
  readonly openable: boolean;
}

/** One side of the diff. */
export interface DataDiffSide {
  readonly label: string;
  readonly hash: string | null;
  readonly workspace: boolean;
  readonly files: number;
  readonly bytesText: string;
}

/** The whole diff as the page shows it. */
export interface DataDiffPayload {
  readonly a: DataDiffSide;
  readonly b: DataDiffSide;
  readonly identical: boolean;
  readonly counts: { readonly added: number; readonly removed: number; readonly changed: number; readonly renamed: number; readonly same: number };
  readonly files: readonly DataDiffFile[];
}

/** Host -> page. */
export type ToDataDiff =
  | { readonly type: 'loading'; readonly title: string }
  | { readonly type: 'diff'; readonly diff: DataDiffPayload }
  | { readonly type: 'error'; readonly message: string };

/** Page -> host. */
export type FromDataDiff =
  | { readonly type: 'ready' }
  | { readonly type: 'refresh' }
  | { readonly type: 'openFile'; readonly path: string };

/** Guards what the page sends. */
export function isFromDataDiff(m: unknown): m is FromDataDiff {
  if (!hasType(m, ['ready', 'refresh', 'openFile'])) return false;
  return m.type !== 'openFile' || isString(m.path);
}

/** Guards what the host sends (the page checks before rendering). */
export function isToDataDiff(m: unknown): m is ToDataDiff {
  if (!hasType(m, ['loading', 'diff', 'error'])) return false;
  if (m.type === 'diff') return typeof m.diff === 'object' && m.diff !== null && Array.isArray((m.diff as { files?: unknown }).files);
  return isString(m.type === 'loading' ? m.title : m.message);
}
