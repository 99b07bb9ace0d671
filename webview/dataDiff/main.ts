// The Data Diff page: renders the diff the host sends (files added, removed, changed and renamed,
// with sizes, rows and columns of tabular files); every name is a text node, never markup.
import './style.css';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import { connectHost } from '../shared/host';
import { h, icon, replaceChildren } from '../shared/dom';
import { isToDataDiff, type DataDiffFile, type DataDiffPayload, type DataDiffSide, type DataDiffTable, type FromDataDiff } from '../../src/protocol/dataDiff';

const host = connectHost<FromDataDiff, null>((s): s is null => s === null);
const root = document.getElementById('root') ?? document.body;

const ICONS: Record<DataDiffFile['change'], string> = { added: 'diff-added', removed: 'diff-removed', changed: 'diff-modified', renamed: 'diff-renamed' };

function sideLine(which: string, s: DataDiffSide): HTMLElement[] {
  const hash = s.hash ? ` ${s.hash.slice(0, 12)}` : '';
  return [
    h('span', { class: 'which' }, which),
    h('span', {}, s.label, h('span', { class: 'muted' }, ` · ${s.files} file${s.files === 1 ? '' : 's'}, ${s.bytesText}${s.workspace && hash ? ` · hash${hash}` : ''}`)),
  ];
}

function rows(t: DataDiffTable): string {
  const n = (v: number | null): string => (v === null ? '?' : String(v));
  if (t.rowsA === null && t.rowsB !== null && t.columnsAdded.length === 0) return n(t.rowsB);
  if (t.rowsB === null && t.rowsA !== null) return n(t.rowsA);
  const delta = t.rowsA !== null && t.rowsB !== null && t.rowsA !== t.rowsB ? ` (${t.rowsB > t.rowsA ? '+' : ''}${t.rowsB - t.rowsA})` : '';
  return `${n(t.rowsA)} → ${n(t.rowsB)}${delta}`;
}

function columns(t: DataDiffTable): HTMLElement[] {
  const out: HTMLElement[] = [];
  const list = (cs: readonly { name: string; type: string }[]): string => cs.map((c) => `${c.name} (${c.type})`).join(', ');
  if (t.columnsAdded.length > 0) out.push(h('div', { class: 'cols change-added' }, `+ ${list(t.columnsAdded)}`));
  if (t.columnsRemoved.length > 0) out.push(h('div', { class: 'cols change-removed' }, `− ${list(t.columnsRemoved)}`));
  for (const c of t.typeChanged) out.push(h('div', { class: 'cols change-changed' }, `~ ${c.name}: ${c.from} → ${c.to}`));
  return out;
}

function fileRow(f: DataDiffFile): HTMLElement {
  const name = f.change === 'renamed' ? `${f.oldPath ?? ''} → ${f.path}` : f.path;
  const file = f.openable
    ? h('button', { class: 'link-button', title: `Open ${f.path}`, onclick: () => host.post({ type: 'openFile', path: f.path }) }, name)
    : h('span', {}, name);
  return h('tr', { class: `row-${f.change}` },
    h('td', { class: `change change-${f.change}` }, icon(ICONS[f.change]), f.change),
    h('td', { class: 'file' }, file),
    h('td', { class: 'num' }, f.sizeText),
    h('td', { class: 'num' }, f.table ? rows(f.table) : ''),
    h('td', { class: 'detail' }, ...(f.table ? columns(f.table) : []),
      ...f.notes.map((n) => h('div', { class: 'note' }, icon('info'), n))));
}

function render(d: DataDiffPayload): void {
  const c = d.counts;
  const counts = ([['added', c.added], ['removed', c.removed], ['changed', c.changed], ['renamed', c.renamed], ['unchanged', c.same]] as const)
    .map(([k, v]) => h('span', { class: 'count', id: `count-${k}` }, `${v} ${k}`));
  const body = d.identical
    ? h('p', { class: 'identical', id: 'identical' }, icon('pass'), ` The two sides are identical (${c.same} file${c.same === 1 ? '' : 's'}).`)
    : h('table', { id: 'files', 'aria-label': 'Files that differ' },
      h('thead', {}, h('tr', {}, ...['change', 'file', 'size', 'rows', 'columns and notes'].map((t) => h('th', {}, t)))),
      h('tbody', {}, ...d.files.map(fileRow)));
  replaceChildren(root,
    h('div', { class: 'diff-header' },
      h('h1', {}, 'Data Diff'),
      h('div', { class: 'sides' }, ...sideLine('A', d.a), ...sideLine('B', d.b))),
    h('div', { class: 'toolbar' },
      h('vscode-button', { secondary: true, id: 'refresh', onclick: () => host.post({ type: 'refresh' }) }, icon('refresh'), 'Refresh')),
    h('div', { class: 'counts' }, ...counts),
    body);
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const m = e.data;
  if (!isToDataDiff(m)) return;
  if (m.type === 'loading') replaceChildren(root, h('p', { class: 'muted', id: 'loading' }, icon('loading', 'codicon-modifier-spin'), ' ', m.title));
  else if (m.type === 'error') replaceChildren(root, h('p', { class: 'error', id: 'error', role: 'alert' }, icon('error'), ' ', m.message));
  else render(m.diff);
});

host.post({ type: 'ready' });
