// The data diff (docs/lineage.md#data-diff): what differs between two versions of a dataset, or a
// version and the workspace. Files added, removed, changed or renamed (same content under a new
// path) from the manifests; for tabular files, row counts and columns from their contents.
import { comparePaths } from './manifest';
import { profileTable, tabularFormat, type ColumnType, type TableColumn, type TableProfile, type TabularFormat } from './tabular';

/** One file of a side: path (workspace-relative, posix), size and SHA-256 of its content. */
export interface DiffFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

/** Where a file's content can be read now (an absolute path), or null when no copy is at hand. */
export type ContentLocator = (file: DiffFile) => Promise<string | null>;

/** One side of a diff: a recorded version (with its hash) or the workspace now. */
export interface DataSide {
  /** How the side is shown, e.g. `data/raw.csv @ 1a2b3c4d5e6f` or `data/raw.csv (workspace)`. */
  readonly label: string;
  /** The dataset hash; null when the workspace holds nothing under the path. */
  readonly hash: string | null;
  readonly workspace: boolean;
  readonly files: readonly DiffFile[];
  readonly locate: ContentLocator;
}

/** How a tabular file's structure changed. Rows are null where a side's content was not readable. */
export interface TableChange {
  readonly format: TabularFormat;
  readonly rowsA: number | null;
  readonly rowsB: number | null;
  readonly columnsAdded: TableColumn[];
  readonly columnsRemoved: TableColumn[];
  readonly typeChanged: { readonly name: string; readonly from: ColumnType; readonly to: ColumnType }[];
}

/** One file that differs. `renamed`: the same content under another path (linked by hash). */
export interface FileChange {
  readonly change: 'added' | 'removed' | 'changed' | 'renamed';
  /** The path in B (in A for a removed file). */
  readonly path: string;
  /** The path in A of a renamed file. */
  readonly oldPath?: string;
  readonly sizeA: number | null;
  readonly sizeB: number | null;
  readonly table?: TableChange;
  /** Why something could not be said, e.g. a side's content is not in the data cache. */
  readonly notes: string[];
}

/** A side as the diff reports it. */
export interface DiffSideSummary {
  readonly label: string;
  readonly hash: string | null;
  readonly workspace: boolean;
  readonly files: number;
  readonly bytes: number;
}

/** The diff of side A (before) and side B (after). */
export interface DataVersionDiff {
  readonly a: DiffSideSummary;
  readonly b: DiffSideSummary;
  readonly identical: boolean;
  readonly counts: { readonly added: number; readonly removed: number; readonly changed: number; readonly renamed: number; readonly same: number };
  /** Every file that differs, by path; unchanged files are only counted. */
  readonly files: FileChange[];
}

/** Options of {@link diffDataSides}. */
export interface DataDiffOptions {
  /** Tabular files profiled at most (each profile reads the whole file); the rest get a note. */
  readonly maxTables?: number;
}

function summary(s: DataSide): DiffSideSummary {
  return { label: s.label, hash: s.hash, workspace: s.workspace, files: s.files.length, bytes: s.files.reduce((n, f) => n + f.size, 0) };
}

/** Pairs the files of two sides: same path, else the same (non-empty) content under a new path. */
function pairFiles(a: readonly DiffFile[], b: readonly DiffFile[]): { pairs: [DiffFile | null, DiffFile | null][]; same: number } {
  const before = new Map(a.map((f) => [f.path, f]));
  const pairs: [DiffFile | null, DiffFile | null][] = [];
  const added: DiffFile[] = [];
  let same = 0;
  for (const f of b) {
    const old = before.get(f.path);
    before.delete(f.path);
    if (!old) added.push(f);
    else if (old.sha256 !== f.sha256 || old.size !== f.size) pairs.push([old, f]);
    else same++;
  }
  const removedByHash = new Map<string, DiffFile[]>();
  for (const f of before.values()) if (f.size > 0) removedByHash.set(f.sha256, [...(removedByHash.get(f.sha256) ?? []), f]);
  for (const f of added) {
    const old = f.size > 0 ? removedByHash.get(f.sha256)?.shift() : undefined;
    if (old) before.delete(old.path);
    pairs.push([old ?? null, f]);
  }
  for (const f of before.values()) pairs.push([f, null]);
  return { pairs, same };
}

async function profileOf(side: DataSide, f: DiffFile, format: TabularFormat, name: 'A' | 'B', notes: string[]): Promise<TableProfile | null> {
  const path = await side.locate(f);
  if (path === null) {
    notes.push(`${name}'s content is not available (not in the data cache${side.workspace ? '' : ', and the workspace holds another version'}): rows and columns unknown`);
    return null;
  }
  try {
    return await profileTable(path, format);
  } catch (e) {
    notes.push(`${name} could not be read as ${format}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

/** Compares the columns of two profiles by name. */
export function compareTables(format: TabularFormat, a: TableProfile | null, b: TableProfile | null): TableChange {
  const ca = new Map((a?.columns ?? []).map((c) => [c.name, c]));
  const cb = new Map((b?.columns ?? []).map((c) => [c.name, c]));
  const both = a !== null && b !== null;
  return {
    format, rowsA: a?.rows ?? null, rowsB: b?.rows ?? null,
    columnsAdded: both ? [...cb.values()].filter((c) => !ca.has(c.name)) : [],
    columnsRemoved: both ? [...ca.values()].filter((c) => !cb.has(c.name)) : [],
    typeChanged: both
      ? [...cb.values()].flatMap((c) => {
        const old = ca.get(c.name);
        return old && old.type !== c.type && old.type !== 'empty' && c.type !== 'empty' ? [{ name: c.name, from: old.type, to: c.type }] : [];
      })
      : [],
  };
}

/** Diffs side A (before) against side B (after), profiling the tabular files that changed, came or went. */
export async function diffDataSides(a: DataSide, b: DataSide, options: DataDiffOptions = {}): Promise<DataVersionDiff> {
  const { pairs, same } = pairFiles(a.files, b.files);
  let budget = options.maxTables ?? 200;
  const files: FileChange[] = [];
  const counts = { added: 0, removed: 0, changed: 0, renamed: 0, same };
  for (const [fa, fb] of pairs) {
    const change: FileChange['change'] = fa === null ? 'added' : fb === null ? 'removed' : fa.path !== fb.path ? 'renamed' : 'changed';
    counts[change]++;
    const notes: string[] = [];
    const path = fb?.path ?? fa?.path ?? '';
    const format = tabularFormat(path);
    let table: TableChange | undefined;
    // A renamed file holds the same bytes: its rows and columns cannot have changed.
    if (format !== null && change !== 'renamed') {
      if (budget-- > 0) {
        const pa = fa ? await profileOf(a, fa, format, 'A', notes) : null;
        const pb = fb ? await profileOf(b, fb, format, 'B', notes) : null;
        table = compareTables(format, pa, pb);
      } else notes.push('not profiled: too many tabular files in this diff');
    }
    files.push({
      change, path, ...(change === 'renamed' ? { oldPath: fa?.path } : {}),
      sizeA: fa?.size ?? null, sizeB: fb?.size ?? null, ...(table ? { table } : {}), notes,
    });
  }
  files.sort((x, y) => comparePaths(x.path, y.path));
  return { a: summary(a), b: summary(b), identical: files.length === 0, counts, files };
}
