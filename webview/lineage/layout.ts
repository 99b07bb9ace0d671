// Lays the lineage out as a layered DAG, left (raw data) to right (models), with dagre: each
// connected part of the graph on its own (they share no edge, so nothing is lost and large graphs
// lay out far faster), parts stacked top to bottom, lone nodes (runs without data) packed in rows.
import { type EdgeLabel, type GraphLabel, graphlib, layout as dagreLayout, type NodeLabel } from '@dagrejs/dagre';
import { type LineageViewEdge, type LineageViewNode } from '../../src/protocol/lineage';
import { PartCache, partKey, type PartShape } from './partCache';

/** Size of every node box, in px. */
export const NODE_W = 230;
export const NODE_H = 52;
const GAP = 48;
/**
 * Above this many nodes in the graph, parts are ranked by longest path rather than network simplex
 * and ordered by one sweep rather than dagre's repeated search for fewer crossings: ranks come out a
 * little less compact and a few more edges cross, but a 2,000-node graph takes a third of the time
 * (measured: network simplex 3.9 s, longest path with one ordering sweep 1.5 s, on a loaded machine).
 */
const THOROUGH_MAX = 300;

/** A node's box (top-left corner). */
export interface Box {
  readonly x: number;
  readonly y: number;
}

/** A laid-out edge. */
export interface RoutedEdge extends LineageViewEdge {
  readonly points: readonly { x: number; y: number }[];
}

/** The whole layout. */
export interface Layout {
  readonly boxes: ReadonlyMap<string, Box>;
  readonly edges: readonly RoutedEdge[];
  readonly width: number;
  readonly height: number;
}

/** Connected parts of the graph (edges taken both ways), the one holding a focus node first, then largest first. */
function parts(nodes: readonly LineageViewNode[], edges: readonly LineageViewEdge[]): string[][] {
  const adj = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    adj.get(e.from)?.push(e.to);
    adj.get(e.to)?.push(e.from);
  }
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const n of nodes) {
    if (seen.has(n.id)) continue;
    const part: string[] = [];
    const todo = [n.id];
    seen.add(n.id);
    while (todo.length > 0) {
      const id = todo.pop() as string;
      part.push(id);
      for (const m of adj.get(id) ?? []) if (!seen.has(m)) { seen.add(m); todo.push(m); }
    }
    out.push(part);
  }
  const focus = new Set(nodes.filter((n) => n.focus).map((n) => n.id));
  const rank = (p: string[]): number => (p.some((id) => focus.has(id)) ? 1 : 0);
  return out.sort((a, b) => rank(b) - rank(a) || b.length - a.length);
}

/** Lays out one connected part with dagre; positions by node index, relative to its own top-left. */
function layoutPart(ids: readonly string[], edges: readonly LineageViewEdge[], thorough: boolean): PartShape {
  const g = new graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 64, edgesep: 8, marginx: 0, marginy: 0, ranker: thorough ? 'network-simplex' : 'longest-path' });
  g.setDefaultEdgeLabel((): EdgeLabel => ({}));
  for (const id of ids) g.setNode(id, { width: NODE_W, height: NODE_H });
  edges.forEach((e, i) => g.setEdge(e.from, e.to, {}, String(i)));
  dagreLayout(g, { disableOptimalOrderHeuristic: !thorough });
  const boxes = ids.map((id) => {
    const n = g.node(id);
    return { x: (n.x ?? 0) - NODE_W / 2, y: (n.y ?? 0) - NODE_H / 2 };
  });
  const points = edges.map((e, i) => g.edge({ v: e.from, w: e.to, name: String(i) }).points ?? []);
  const label = g.graph();
  return { boxes, points, width: label.width ?? NODE_W, height: label.height ?? NODE_H };
}

/** The shapes of this page's parts: a live update or the next round of a pipeline reuses them. */
const shapes = new PartCache();

function shift(p: { x: number; y: number }, dx: number, dy: number): { x: number; y: number } {
  return { x: p.x + dx, y: p.y + dy };
}

/** Lays out the whole graph; `cache` holds the part shapes already laid out (the page's own by default). */
export function layoutGraph(nodes: readonly LineageViewNode[], edges: readonly LineageViewEdge[], cache: PartCache = shapes): Layout {
  const known = new Set(nodes.map((n) => n.id));
  const kept = edges.filter((e) => known.has(e.from) && known.has(e.to) && e.from !== e.to);
  const edgesOf = new Map<string, LineageViewEdge[]>();
  const partOf = new Map<string, number>();
  const all = parts(nodes, kept);
  all.forEach((p, i) => { for (const id of p) partOf.set(id, i); });
  for (const e of kept) {
    const k = String(partOf.get(e.from));
    const list = edgesOf.get(k);
    if (list) list.push(e);
    else edgesOf.set(k, [e]);
  }
  const boxes = new Map<string, Box>();
  const routed: RoutedEdge[] = [];
  let y = 0;
  let width = NODE_W;
  const lone: string[] = [];
  all.forEach((p, i) => {
    if (p.length === 1) {
      lone.push(p[0] as string);
      return;
    }
    const partEdges = edgesOf.get(String(i)) ?? [];
    const thorough = nodes.length <= THOROUGH_MAX;
    const part = cache.get(partKey(p, partEdges, thorough), () => layoutPart(p, partEdges, thorough));
    p.forEach((id, k) => boxes.set(id, shift(part.boxes[k] as Box, 0, y)));
    partEdges.forEach((e, k) => routed.push({ ...e, points: (part.points[k] ?? []).map((pt) => shift(pt, 0, y)) }));
    width = Math.max(width, part.width);
    y += part.height + GAP;
  });
  // Lone nodes in rows as wide as the widest part (at least four boxes), so they do not make a tower.
  const perRow = Math.max(4, Math.floor((width + GAP) / (NODE_W + GAP)));
  lone.forEach((id, k) => boxes.set(id, { x: (k % perRow) * (NODE_W + GAP), y: y + Math.floor(k / perRow) * (NODE_H + 18) }));
  if (lone.length > 0) {
    width = Math.max(width, Math.min(lone.length, perRow) * (NODE_W + GAP) - GAP);
    y += Math.ceil(lone.length / perRow) * (NODE_H + 18);
  } else y -= GAP;
  return { boxes, edges: routed, width, height: Math.max(y, NODE_H) };
}
