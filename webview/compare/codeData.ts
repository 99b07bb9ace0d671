// The Code and data table of Compare: per run the commit it ran (with "+ changes" when the working
// tree was dirty: the snapshot is what ran), its branch, and the content hash of each dataset it
// read and each output it wrote. A cell that is not the baseline's is highlighted, so a change of
// code or data between two runs shows beside the change of their metrics.
import { type CompareRun } from '../../src/protocol/compare';
import { h } from '../shared/dom';
import { type CompareModel } from './model';
import type { Column, VirtualTable } from './virtualTable';
import { runCell } from './tables';

/** What identifies a run's code: the snapshot of a dirty tree, else the commit; null when unknown. */
function codeIdentity(run: CompareRun): string | null {
  return run.code ? run.code.snapshot ?? run.code.commit : null;
}

function hashOf(run: CompareRun, kind: 'dataset' | 'output', spec: string): string | null {
  return run.data.find((d) => d.kind === kind && d.spec === spec)?.hash ?? null;
}

function hashCell(hash: string | null): Node | string {
  return hash ? h('code', { title: hash }, hash.slice(0, 12)) : '–';
}

/** Fills the table from the model; `note` says so when no run recorded code or data. */
export function renderCodeData(table: VirtualTable<CompareRun>, model: CompareModel, note: HTMLElement): void {
  const base = model.baseline();
  const differs = (value: (r: CompareRun) => string | null) => (r: CompareRun): string =>
    (base && r !== base && value(r) !== value(base) ? 'diff' : '');
  const columns: Column<CompareRun>[] = [
    { label: 'Run', cell: (r) => runCell(r, base?.id) },
    {
      label: 'commit', title: 'The commit each run ran; "+ changes": uncommitted changes, kept in the run\'s snapshot',
      cell: (r) => (r.code?.commit
        ? h('span', {}, h('code', { title: r.code.snapshot ? `${r.code.commit} + snapshot ${r.code.snapshot}` : r.code.commit }, r.code.commit.slice(0, 12)),
          r.code.dirty ? h('span', { class: 'muted' }, ' + changes') : null)
        : '–'),
      cellClass: differs(codeIdentity),
    },
    { label: 'branch', cell: (r) => r.code?.branch ?? '–', cellClass: differs((r) => r.code?.branch ?? null) },
  ];
  for (const kind of ['dataset', 'output'] as const) {
    const specs = [...new Set(model.runs.flatMap((r) => r.data.filter((d) => d.kind === kind).map((d) => d.spec)))];
    for (const spec of specs) {
      columns.push({
        label: `${kind} ${spec}`, title: `Content hash of the ${kind} ${spec}`,
        cell: (r) => hashCell(hashOf(r, kind, spec)),
        cellClass: differs((r) => hashOf(r, kind, spec)),
      });
    }
  }
  const none = model.runs.every((r) => !r.code?.commit && r.data.length === 0);
  table.set(columns, model.runs);
  note.textContent = none ? 'No compared run recorded its code or data (runs started by runlens run in a git repository do).' : '';
  note.hidden = !none;
}
