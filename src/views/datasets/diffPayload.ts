// The Data Diff page's payload from core's diff: sizes formatted once here (core's format), so
// the page renders what it gets, and each file marked openable when the workspace holds it.
import { type DataVersionDiff, type DiffSideSummary, type FileChange } from '../../core/data/diffData';
import { formatBytes } from '../../core/present/format';
import { type DataDiffFile, type DataDiffPayload, type DataDiffSide } from '../../protocol/dataDiff';

function side(s: DiffSideSummary): DataDiffSide {
  return { label: s.label, hash: s.hash, workspace: s.workspace, files: s.files, bytesText: formatBytes(s.bytes) };
}

/** "1.2 KB" for a file that came or went, "1.2 KB -> 3 KB" for one on both sides. */
export function sizeText(f: Pick<FileChange, 'sizeA' | 'sizeB'>): string {
  if (f.sizeA === null) return f.sizeB === null ? '' : formatBytes(f.sizeB);
  if (f.sizeB === null) return formatBytes(f.sizeA);
  return f.sizeA === f.sizeB ? formatBytes(f.sizeA) : `${formatBytes(f.sizeA)} -> ${formatBytes(f.sizeB)}`;
}

/** The page's payload of `d`. */
export function dataDiffPayload(d: DataVersionDiff): DataDiffPayload {
  const files = d.files.map((f): DataDiffFile => ({
    change: f.change, path: f.path, ...(f.oldPath !== undefined ? { oldPath: f.oldPath } : {}),
    sizeText: sizeText(f), ...(f.table ? { table: f.table } : {}), notes: f.notes,
    openable: d.b.workspace && f.change !== 'removed',
  }));
  return { a: side(d.a), b: side(d.b), identical: d.identical, counts: d.counts, files };
}
