// Questions asked of a lineage graph (docs/lineage.md): the runs upstream or downstream of a run,
// of a data version or a path ("where did this model come from", "what did this data affect"),
// the part of the graph that answers it, and an order in which producers come before consumers.
import { dataNodeId, runNodeId, type LineageGraph, type LineageRunRecord, type LineageEdge } from './types';

/** Which way to walk: to the producers, to the consumers, or both. */
export type Direction = 'up' | 'down' | 'both';

/** Run ids reachable from `start` (excluded) along run links, up or down. */
export function walkRuns(graph: LineageGraph, start: readonly string[], direction: 'up' | 'down'): Set<string> {
  const next = new Map<string, string[]>();
  for (const l of graph.links) {
    const [from, to] = direction === 'up' ? [l.to, l.from] : [l.from, l.to];
    const list = next.get(from);
    if (list) list.push(to);
    else next.set(from, [to]);
  }
  const seen = new Set<string>();
  const todo = [...start];
  while (todo.length > 0) {
    for (const n of next.get(todo.pop() as string) ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      todo.push(n);
    }
  }
  for (const s of start) seen.delete(s);
  return seen;
}

/** What a data query matches: dataset hashes and file SHA-256s. */
export interface DataTarget {
  readonly hashes: ReadonlySet<string>;
  readonly files: ReadonlySet<string>;
}

/**
 * Every version any run recorded under `path`: declared with that spec, or holding that file, or
 * files below that folder (posix, workspace-relative). Used when the path's current content is not
 * known to any run (it changed, or is gone): its whole history is meant.
 */
export function targetFromPath(records: readonly LineageRunRecord[], path: string): DataTarget {
  const p = path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  const hashes = new Set<string>();
  const files = new Set<string>();
  for (const r of records) {
    for (const v of [...r.datasets, ...r.outputs]) {
      if (v.spec.replace(/\/+$/, '') === p) hashes.add(v.hash);
      for (const f of v.files ?? []) if (f.path === p || f.path.startsWith(`${p}/`)) files.add(f.sha256);
    }
  }
  return { hashes, files };
}

/** Runs whose inputs (`read`) or outputs (`wrote`) hold the target, by version hash or file content. */
export function runsTouching(records: readonly LineageRunRecord[], target: DataTarget, how: 'read' | 'wrote'): string[] {
  const out: string[] = [];
  for (const r of records) {
    const versions = how === 'read' ? r.datasets : r.outputs;
    if (versions.some((v) => target.hashes.has(v.hash) || (v.files ?? []).some((f) => f.size > 0 && target.files.has(f.sha256)))) out.push(r.id);
  }
  return out;
}

/** The runs of an answer: the focus, its ancestors (up) and descendants (down). */
export function relatedRuns(graph: LineageGraph, focus: readonly string[], direction: Direction): Set<string> {
  const runs = new Set(focus);
  if (direction !== 'down') for (const id of walkRuns(graph, focus, 'up')) runs.add(id);
  if (direction !== 'up') for (const id of walkRuns(graph, focus, 'down')) runs.add(id);
  return runs;
}

/**
 * The part of `graph` holding `runIds`, the data versions they read or wrote, and the edges among
 * them (plus `extraData` node ids, e.g. the version asked about). Nodes keep the graph's order.
 */
export function subgraph(graph: LineageGraph, runIds: ReadonlySet<string>, extraData: readonly string[] = []): LineageGraph {
  const keep = new Set<string>(extraData);
  for (const id of runIds) keep.add(runNodeId(id));
  const touches = (e: LineageEdge): boolean => (e.kind === 'read' && keep.has(e.to)) || (e.kind === 'wrote' && keep.has(e.from));
  for (const e of graph.edges) if (touches(e)) keep.add(e.kind === 'read' ? e.from : e.to);
  const nodes = graph.nodes.filter((n) => keep.has(n.id));
  const edges = graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to) && (e.kind === 'content' || touches(e)));
  const links = graph.links.filter((l) => runIds.has(l.from) && runIds.has(l.to));
  return { nodes, edges, links };
}

/** The lineage of a run: its ancestry (up), descendants (down) or both, as a graph. */
export function runLineage(graph: LineageGraph, runId: string, direction: Direction): LineageGraph {
  return subgraph(graph, relatedRuns(graph, [runId], direction));
}

/**
 * The lineage of data: up = the runs that wrote it and everything upstream of them ("where did
 * this model come from"); down = the runs that read it and everything downstream ("what did this
 * data affect"). The matched versions present in the graph are kept as nodes even without runs.
 */
export function dataLineage(graph: LineageGraph, records: readonly LineageRunRecord[], target: DataTarget, direction: Direction): LineageGraph {
  const inGraph = new Set(graph.nodes.filter((n) => n.kind === 'run').map((n) => n.id.slice(4)));
  const pick = (how: 'read' | 'wrote'): string[] => runsTouching(records, target, how).filter((id) => inGraph.has(id));
  const runs = new Set<string>();
  if (direction !== 'down') for (const id of relatedRuns(graph, pick('wrote'), 'up')) runs.add(id);
  if (direction !== 'up') for (const id of relatedRuns(graph, pick('read'), 'down')) runs.add(id);
  const present = new Set(graph.nodes.map((n) => n.id));
  return subgraph(graph, runs, [...target.hashes].map(dataNodeId).filter((id) => present.has(id)));
}

/**
 * Run ids with every producer before its consumers. Links always go from an older run to a newer
 * one, so creation order is such an order; the graph keeps its run nodes in it.
 */
export function topologicalRuns(graph: LineageGraph, only?: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const n of graph.nodes) if (n.kind === 'run' && (!only || only.has(n.run.id))) out.push(n.run.id);
  return out;
}
