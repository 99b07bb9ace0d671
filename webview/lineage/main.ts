// The Lineage page: says it is ready, lays out and draws each graph the host sends (keeping pan and
// zoom across live updates), and turns clicks and keys into the host's actions: open a run, compare
// the selected runs, reveal a data version, toggle the whole project, export. Names are text only.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import './style.css';
import { type LineageFromWebview, type LineageGraphMessage, type LineageViewNode, isLineageToWebview } from '../../src/protocol/lineage';
import { connectHost } from '../shared/host';
import { h, icon, replaceChildren } from '../shared/dom';
import { drawGraph, nodeText } from './draw';
import { pngOf, standaloneSvg } from './exporter';
import { type Layout, layoutGraph, NODE_H, NODE_W } from './layout';
import { arrowOf, nextNode, Selection } from './navigate';
import { Viewport } from './viewport';

const host = connectHost<LineageFromWebview, null>((s): s is null => s === null);
const root = document.getElementById('root') ?? document.body;

function button(label: string, codicon: string, onClick: () => void, aria = label): HTMLElement {
  return h('vscode-button', { secondary: true, 'aria-label': aria, title: aria, onclick: onClick }, icon(codicon), label ? ` ${label}` : '');
}

const title = h('h2', { class: 'title' });
const notes = h('div', { class: 'notes', role: 'status' });
const counts = h('span', { class: 'muted counts' });
const wholeButton = button('Whole Project', 'type-hierarchy', () => current && host.post({ type: 'setWhole', whole: !current.whole }));
const compareButton = button('Compare Selected', 'diff-multiple', () => selection.size >= 2 && host.post({ type: 'compareRuns', runIds: selection.values() }));
const shiftButton = button('Data Shift With…', 'graph', () => compareDataShift(), 'Compare Data Shift With… (D): the data version under the cursor against the workspace, another version or a file');
const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Lineage' },
  wholeButton,
  button('', 'screen-full', () => fitAll(), 'Fit the graph to the view (0)'),
  button('', 'zoom-in', () => viewport.zoom(1.25), 'Zoom in (+)'),
  button('', 'zoom-out', () => viewport.zoom(0.8), 'Zoom out (-)'),
  compareButton,
  shiftButton,
  button('SVG', 'export', () => exportSvg(), 'Export the graph as SVG'),
  button('PNG', 'file-media', () => void exportPng(), 'Export the graph as PNG'),
  counts);
const stage = h('div', { class: 'stage' });
const frame = h('div', {
  class: 'frame', tabindex: 0, role: 'application',
  'aria-label': 'Lineage graph. Arrow keys move between nodes, Enter opens, Space selects a run for Compare, D compares a data version\'s data shift, plus and minus zoom, 0 fits.',
}, stage);
const announce = h('div', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
replaceChildren(root, h('div', { class: 'header' }, title, toolbar), notes, frame, announce);

const viewport = new Viewport(frame, stage);
const selection = new Selection();
let current: LineageGraphMessage | undefined;
let layout: Layout | undefined;
let svg: SVGSVGElement | undefined;
let byId = new Map<string, LineageViewNode>();
let neighbours = new Map<string, Set<string>>();
let cursor: string | undefined;
let shownKey = '';

function fitAll(): void {
  if (layout) viewport.fit(layout.width + 32, layout.height + 32);
}

/** Marks the selected runs and enables Compare when two or more are selected. */
function showSelection(): void {
  for (const el of svg?.querySelectorAll<SVGGElement>('g.node') ?? []) el.classList.toggle('selected', selection.has(el.dataset.id ?? ''));
  compareButton.toggleAttribute('disabled', selection.size < 2);
  compareButton.textContent = '';
  compareButton.append(icon('diff-multiple'), ` Compare Selected${selection.size > 0 ? ` (${selection.size})` : ''}`);
}

/** The data version under the cursor (clicked or reached with the arrows), if it is one. */
function dataAtCursor(): Extract<LineageViewNode, { kind: 'data' }> | undefined {
  const n = cursor === undefined ? undefined : byId.get(cursor);
  return n?.kind === 'data' ? n : undefined;
}

/** Compare Data Shift With… on the data version under the cursor (the host asks what to compare with). */
function compareDataShift(): void {
  const n = dataAtCursor();
  if (n) host.post({ type: 'compareDataShift', hash: n.hash, path: n.path });
}

/** Moves the keyboard cursor (and its visible ring) to node `id`. */
function moveCursor(id: string | undefined, say: boolean): void {
  cursor = id;
  shiftButton.toggleAttribute('disabled', dataAtCursor() === undefined);
  const ring = svg?.querySelector('.focus-ring');
  const b = id ? layout?.boxes.get(id) : undefined;
  if (!ring || !b || !id) return;
  ring.setAttribute('transform', `translate(${b.x},${b.y})`);
  ring.setAttribute('visibility', 'visible');
  viewport.reveal(b.x + 16, b.y + 16, NODE_W, NODE_H);
  const n = byId.get(id);
  if (say && n && current) {
    const t = nodeText(n, current.canRevealData);
    announce.textContent = `${n.kind === 'run' ? 'Run' : n.role === 'data' ? 'Data' : n.role === 'model' ? 'Model' : 'Output'} ${t.title}, ${t.sub}${selection.has(id) ? ', selected' : ''}`;
  }
}

/** What a click or Enter does on a node. */
function activate(id: string, select: boolean): void {
  const n = byId.get(id);
  if (!n || !current) return;
  moveCursor(id, false);
  if (n.kind === 'run') {
    if (select) {
      selection.toggle(n.runId);
      showSelection();
    } else host.post({ type: 'openRun', runId: n.runId });
  } else if (current.canRevealData) host.post({ type: 'revealData', hash: n.hash, path: n.path });
}

function render(m: LineageGraphMessage): void {
  const started = performance.now();
  current = m;
  layout = layoutGraph(m.nodes, m.edges);
  const laidOut = performance.now();
  byId = new Map(m.nodes.map((n) => [n.id, n]));
  neighbours = new Map(m.nodes.map((n) => [n.id, new Set<string>()]));
  for (const e of m.edges) {
    neighbours.get(e.from)?.add(e.to);
    neighbours.get(e.to)?.add(e.from);
  }
  svg = drawGraph(layout, m.nodes, m.canRevealData);
  stage.replaceChildren(svg);
  title.textContent = m.whole && m.scope.kind !== 'project' ? `${m.scope.label} (whole project shown)` : m.scope.label;
  const runs = m.nodes.filter((n) => n.kind === 'run').length;
  counts.textContent = `${runs} run${runs === 1 ? '' : 's'}, ${m.nodes.length - runs} data version${m.nodes.length - runs === 1 ? '' : 's'}`;
  replaceChildren(notes, ...m.notes.map((n) => h('p', { class: 'muted' }, n)));
  wholeButton.toggleAttribute('hidden', m.scope.kind === 'project');
  wholeButton.textContent = '';
  wholeButton.append(icon('type-hierarchy'), m.whole ? ' Focused Lineage' : ' Whole Project');
  selection.retain(new Set(m.nodes.flatMap((n) => (n.kind === 'run' ? [n.runId] : []))));
  showSelection();
  const focus = m.nodes.find((n) => n.focus);
  // A new scope (first graph, or the whole-project toggle) is fitted; a live update keeps the view.
  const key = `${m.scope.kind}:${m.scope.label}:${m.whole}`;
  const opened = key !== shownKey;
  if (opened) {
    shownKey = key;
    const k = viewport.fit(layout.width + 32, layout.height + 32);
    const b = focus && layout.boxes.get(focus.id);
    // Too small to read when fitted: show the focus at a readable scale instead.
    if (k < 0.45 && b) {
      viewport.view.k = 0.8;
      viewport.centre(b.x + 16 + NODE_W / 2, b.y + 16 + NODE_H / 2);
    }
    cursor = focus?.id ?? m.nodes[0]?.id;
  }
  moveCursor(cursor && byId.has(cursor) ? cursor : focus?.id ?? m.nodes[0]?.id, false);
  requestAnimationFrame(() => requestAnimationFrame(() => {
    const drawn = performance.now();
    // The page's own clock, for the e2e figures (the host logs every drawing): the drawing of a
    // newly opened scope, not a live update's redraw, which reuses the part layouts of the first.
    if (opened) {
      document.body.dataset.nodes = String(m.nodes.length);
      document.body.dataset.layoutMs = (laidOut - started).toFixed(1);
      document.body.dataset.drawMs = (drawn - laidOut).toFixed(1);
    }
    document.body.dataset.rendered = 'true';
    host.post({ type: 'rendered', nodes: m.nodes.length, edges: m.edges.length, layoutMs: laidOut - started, drawMs: drawn - laidOut });
  }));
}

function exportSvg(): void {
  if (svg) host.post({ type: 'exportSvg', svg: standaloneSvg(svg) });
}

async function exportPng(): Promise<void> {
  if (!svg) return;
  const vb = svg.viewBox.baseVal;
  host.post({ type: 'exportPng', dataUrl: await pngOf(standaloneSvg(svg), vb.width, vb.height) });
}

stage.addEventListener('click', (e) => {
  if (viewport.dragged) return;
  const node = (e.target as Element).closest<SVGGElement>('g.node');
  if (node?.dataset.id) activate(node.dataset.id, e.ctrlKey || e.metaKey || e.shiftKey);
});

frame.addEventListener('keydown', (e) => {
  const arrow = arrowOf(e.key);
  if (arrow && cursor) {
    e.preventDefault();
    moveCursor(nextNode(layout?.boxes ?? new Map(), cursor, arrow, neighbours.get(cursor)) ?? cursor, true);
  } else if (e.key === 'Enter' && cursor) {
    activate(cursor, e.ctrlKey || e.metaKey || e.shiftKey);
  } else if (e.key === ' ' && cursor) {
    e.preventDefault();
    activate(cursor, true);
    moveCursor(cursor, true);
  } else if (e.key === '+' || e.key === '=') viewport.zoom(1.25);
  else if (e.key === '-') viewport.zoom(0.8);
  else if (e.key === '0') fitAll();
  else if (e.key === 'd' || e.key === 'D') compareDataShift();
  else if (e.key === 'Escape') {
    selection.clear();
    showSelection();
  } else return;
});

window.addEventListener('message', (e: MessageEvent) => {
  if (isLineageToWebview(e.data)) render(e.data);
});
host.post({ type: 'ready' });
