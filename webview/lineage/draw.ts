// Draws a laid-out lineage as SVG: edges as arrows, nodes as boxes styled by kind (data version,
// run by status, output, model) and state (focus, stale, selected). Every name is a text node and
// every tooltip an SVG <title> with text content: nothing from run data is ever parsed as markup.
import { type LineageViewNode } from '../../src/protocol/lineage';
import { type Layout, NODE_H, NODE_W } from './layout';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element; string children become text nodes. */
export function svgEl(tag: string, attrs: Record<string, string | number> = {}, ...children: (Node | string)[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

const STATUS_ICON: Record<string, string> = {
  queued: 'clock', running: 'loading', finished: 'pass', failed: 'error', stopped: 'debug-stop', crashed: 'warning',
};
const ROLE_ICON: Record<string, string> = { data: 'database', output: 'output', model: 'circuit-board' };

const glyphs = new Map<string, string>();
/** The character of a codicon, read from the theme's codicon stylesheet (so SVG text can show it). */
function glyph(name: string): string {
  let g = glyphs.get(name);
  if (g === undefined) {
    const probe = document.createElement('span');
    probe.className = `codicon codicon-${name}`;
    probe.style.position = 'absolute';
    document.body.appendChild(probe);
    g = getComputedStyle(probe, '::before').content.replace(/^["']|["']$/g, '');
    probe.remove();
    if (g === 'none' || g === 'normal') g = '';
    glyphs.set(name, g);
  }
  return g;
}

/** At most `max` characters, an ellipsis marking the cut (the tooltip has the whole text). */
export function fit(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The lines of a node: title, subtitle and tooltip. */
export function nodeText(n: LineageViewNode, canRevealData: boolean): { title: string; sub: string; tip: string; icon: string } {
  if (n.kind === 'run') {
    const sub = [n.status, n.metric, n.stale.length > 0 ? 'stale' : null, n.trashed ? 'in trash' : null, n.pulled ? 'pulled' : null].filter(Boolean).join(' · ');
    const tip = [
      `${n.name}${n.experiment ? ` (${n.experiment})` : ''}`, sub, ...n.stale.map((s) => `Stale: ${s}`),
      'Click: Run Details · Ctrl/Shift+click: select for Compare',
    ].join('\n');
    return { title: n.name, sub, tip, icon: STATUS_ICON[n.status] ?? 'circle-filled' };
  }
  const sub = `${n.shortHash} · ${n.size}${n.files !== 1 ? ` · ${n.files} files` : ''}`;
  const tip = [
    n.specs.join('\n'), `${n.role === 'data' ? 'data version' : n.role} ${n.hash}`, `${n.size}, ${n.files} file${n.files === 1 ? '' : 's'}`,
    canRevealData ? 'Click: show it in the Datasets view' : 'The Datasets view is not available in this version, so a click does nothing',
  ].join('\n');
  return { title: n.path, sub, tip, icon: ROLE_ICON[n.role] ?? 'database' };
}

/** One node's group: box, status stripe, icon, two lines of text, tooltip. */
function drawNode(n: LineageViewNode, x: number, y: number, canRevealData: boolean): SVGElement {
  const t = nodeText(n, canRevealData);
  const cls = ['node', n.kind, n.kind === 'run' ? `status-${n.status}` : `role-${n.role}`];
  if (n.focus) cls.push('focus');
  if (n.kind === 'run' && n.stale.length > 0) cls.push('stale');
  if (n.kind === 'run' && n.trashed) cls.push('trashed');
  return svgEl('g', { class: cls.join(' '), transform: `translate(${x},${y})`, 'data-id': n.id },
    svgEl('title', {}, t.tip),
    svgEl('rect', { class: 'box', width: NODE_W, height: NODE_H, rx: n.kind === 'run' ? 4 : 12 }),
    svgEl('rect', { class: 'stripe', width: 4, height: NODE_H - 8, x: 3, y: 4, rx: 2 }),
    svgEl('text', { class: 'icon', x: 14, y: 22, 'data-glyph': t.icon }, glyph(t.icon)),
    svgEl('text', { class: 'title', x: 34, y: 21 }, fit(t.title, 27)),
    svgEl('text', { class: 'sub', x: 34, y: 39 }, fit(t.sub, 32)),
    ...(n.kind === 'run' && n.stale.length > 0 ? [svgEl('text', { class: 'badge', x: NODE_W - 8, y: 17, 'text-anchor': 'end', 'data-glyph': 'warning' }, glyph('warning'))] : []),
  );
}

/** A smooth path through dagre's edge points. */
function pathOf(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const [first, ...rest] = points;
  let d = `M${(first as { x: number }).x.toFixed(1)},${(first as { y: number }).y.toFixed(1)}`;
  for (let i = 0; i < rest.length; i++) {
    const p = rest[i] as { x: number; y: number };
    const next = rest[i + 1];
    // Quadratic joins through the midpoints: dagre's bends become curves.
    if (next && i < rest.length - 1) d += ` Q${p.x.toFixed(1)},${p.y.toFixed(1)} ${((p.x + next.x) / 2).toFixed(1)},${((p.y + next.y) / 2).toFixed(1)}`;
    else d += ` L${p.x.toFixed(1)},${p.y.toFixed(1)}`;
  }
  return d;
}

/** The SVG of a whole layout. */
export function drawGraph(layout: Layout, nodes: readonly LineageViewNode[], canRevealData: boolean): SVGSVGElement {
  const pad = 16;
  const root = svgEl('svg', {
    xmlns: SVG_NS, width: layout.width + 2 * pad, height: layout.height + 2 * pad, class: 'graph',
    viewBox: `${-pad} ${-pad} ${layout.width + 2 * pad} ${layout.height + 2 * pad}`, role: 'img', 'aria-hidden': 'true',
  }) as SVGSVGElement;
  const defs = svgEl('defs', {},
    svgEl('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      svgEl('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' })));
  const edges = svgEl('g', { class: 'edges' });
  for (const e of layout.edges) edges.appendChild(svgEl('path', { class: `edge ${e.kind}`, d: pathOf(e.points), 'marker-end': 'url(#arrow)', 'data-from': e.from, 'data-to': e.to }));
  const group = svgEl('g', { class: 'nodes' });
  for (const n of nodes) {
    const b = layout.boxes.get(n.id);
    if (b) group.appendChild(drawNode(n, b.x, b.y, canRevealData));
  }
  const ring = svgEl('rect', { class: 'focus-ring', width: NODE_W + 8, height: NODE_H + 8, rx: 6, x: -4, y: -4, visibility: 'hidden' });
  root.append(defs, edges, group, ring);
  return root;
}
