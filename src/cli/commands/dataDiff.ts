// The data side of `runlens diff` (PATH@HASH arguments) and of `runlens datasets PATH`: resolves
// two data references, diffs them in core and prints files, sizes, rows and columns.
import { type CommandContext } from '../command';
import { NotFoundError } from '../errors';
import { paint, type Output } from '../output';
import { formatBytes } from '../../core/present/format';
import { HashCache } from '../../core/data/cache';
import { diffDataSides, type DataVersionDiff, type FileChange, type TableChange } from '../../core/data/diffData';
import { type TableColumn } from '../../core/data/tabular';
import { DataRefError, resolveDataSide, type DataRef } from '../../core/lineage/dataRef';
import { type LineageRunRecord } from '../../core/lineage/types';
import { ensureStore, StoreLayout } from '../../core/store/layout';

/** Files listed in the text output; --json lists them all. */
const MAX_LISTED = 50;

function size(n: number | null): string {
  return n === null ? '-' : formatBytes(n);
}

function rows(n: number | null): string {
  return n === null ? '?' : String(n);
}

function column(c: TableColumn): string {
  return `${c.name} (${c.type})`;
}

/** The tabular line of a file: rows and column changes. */
function tableLines(o: Output, t: TableChange): string[] {
  const out = [`      ${t.format}: rows ${rows(t.rowsA)} -> ${rows(t.rowsB)}${t.rowsA !== null && t.rowsB !== null && t.rowsA !== t.rowsB ? ` (${t.rowsB > t.rowsA ? '+' : ''}${t.rowsB - t.rowsA})` : ''}`];
  if (t.columnsAdded.length > 0) out.push(`      ${paint(o, 'green', 'columns added:')}   ${t.columnsAdded.map(column).join(', ')}`);
  if (t.columnsRemoved.length > 0) out.push(`      ${paint(o, 'red', 'columns removed:')} ${t.columnsRemoved.map(column).join(', ')}`);
  for (const c of t.typeChanged) out.push(`      ${paint(o, 'yellow', 'column type:')}     ${c.name} ${c.from} -> ${c.to}`);
  return out;
}

function fileLines(o: Output, f: FileChange): string[] {
  const style = { added: 'green', removed: 'red', changed: 'yellow', renamed: 'cyan' } as const;
  const name = f.change === 'renamed' ? `${f.oldPath ?? ''} -> ${f.path}` : f.path;
  const sizes = f.change === 'added' ? size(f.sizeB) : f.change === 'removed' ? size(f.sizeA) : `${size(f.sizeA)} -> ${size(f.sizeB)}`;
  return [
    `  ${paint(o, style[f.change], f.change.padEnd(8))} ${name}  ${paint(o, 'dim', sizes)}`,
    ...(f.table ? tableLines(o, f.table) : []),
    ...f.notes.map((n) => `      ${paint(o, 'yellow', 'note:')} ${n}`),
  ];
}

/** The diff as text for people. */
export function formatDataDiff(o: Output, d: DataVersionDiff): string {
  const head = [`A: ${d.a.label}  ${paint(o, 'dim', `${d.a.files} file(s), ${formatBytes(d.a.bytes)}`)}`, `B: ${d.b.label}  ${paint(o, 'dim', `${d.b.files} file(s), ${formatBytes(d.b.bytes)}`)}`];
  if (d.identical) return [...head, paint(o, 'green', `identical (${d.counts.same} file(s))`)].join('\n');
  const c = d.counts;
  const counts = `${c.added} added, ${c.removed} removed, ${c.changed} changed, ${c.renamed} renamed, ${c.same} unchanged`;
  const lines = d.files.slice(0, MAX_LISTED).flatMap((f) => fileLines(o, f));
  if (d.files.length > MAX_LISTED) lines.push(`  ... and ${d.files.length - MAX_LISTED} more file(s) (--json lists all)`);
  return [...head, counts, ...lines].join('\n');
}

/** Resolves both references and diffs them; the stat cache is saved after hashing the workspace. */
export async function diffDataRefs(ctx: CommandContext, records: readonly LineageRunRecord[], a: DataRef, b: DataRef): Promise<DataVersionDiff> {
  const store = ctx.store();
  const layout = new StoreLayout(store.root);
  const hashCache = await HashCache.open(layout.root);
  const refCtx = { records, root: ctx.workspace(), storeRoot: layout.root, hashCache };
  try {
    const d = await diffDataSides(await resolveDataSide(refCtx, a), await resolveDataSide(refCtx, b));
    await ensureStore(layout);
    await hashCache.save();
    return d;
  } catch (e) {
    if (e instanceof DataRefError) throw new NotFoundError(e.message, 'runlens datasets PATH lists the versions of a path');
    throw e;
  }
}
