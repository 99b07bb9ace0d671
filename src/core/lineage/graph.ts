// Builds the lineage graph from run records (docs/lineage.md): data versions, runs, read/wrote
// edges, and run-to-run links found by content hash (whole version or single file), so a renamed
// or copied file, or one file of a folder dataset, still links its writer to its reader.
import {
  dataNodeId, runNodeId, type DataNode, type LineageEdge, type LineageGraph, type LineageNode,
  type LineageRunRecord, type RunLink, type VersionRecord,
} from './types';

/** Options of {@link buildLineage}. */
export interface LineageOptions {
  /** Include runs in the trash (flagged `trashed`); left out by default. */
  readonly includeTrash?: boolean;
}

interface Writer {
  readonly runId: string;
  readonly hash: string;
  readonly spec: string;
}

/** Orders runs oldest first; ids start with their creation time, so they sort chronologically. */
export function chronological<T extends { readonly id: string; readonly createdAt: string }>(runs: readonly T[]): T[] {
  return [...runs].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The lineage of `records`. A run links to the latest older run that wrote its input version, or,
 * file by file, the latest older run that wrote a file of the same content (empty files excepted:
 * every empty file has the same hash). Links only go from an older run to a newer one, so a run
 * that rewrites its own input, or writes back what it read, makes no loop.
 */
export function buildLineage(records: readonly LineageRunRecord[], options: LineageOptions = {}): LineageGraph {
  const runs = chronological(records.filter((r) => options.includeTrash || !r.trashed));
  const nodes = new Map<string, LineageNode>();
  const edges: LineageEdge[] = [];
  const links: RunLink[] = [];
  const versionWriter = new Map<string, Writer>();
  const fileWriter = new Map<string, Writer>();

  const dataNode = (v: VersionRecord, output: boolean): string => {
    const id = dataNodeId(v.hash);
    const node = nodes.get(id) as DataNode | undefined;
    if (!node) {
      nodes.set(id, { kind: 'data', id, hash: v.hash, specs: [v.spec], bytes: v.bytes, fileCount: v.fileCount, output });
    } else {
      if (!node.specs.includes(v.spec)) node.specs.push(v.spec);
      if (output && !node.output) nodes.set(id, { ...node, output: true });
    }
    return id;
  };
  // Read and wrote edges are unique by construction (one per declaration); only content edges repeat.
  const contentSeen = new Set<string>();
  const edge = (e: LineageEdge): void => {
    if (e.kind === 'content') {
      const key = `${e.from}|${e.to}`;
      if (contentSeen.has(key)) return;
      contentSeen.add(key);
    }
    edges.push(e);
  };

  for (const r of runs) {
    const { datasets, outputs, ...run } = r;
    const runId = runNodeId(r.id);
    nodes.set(runId, { kind: 'run', id: runId, run });
    for (const v of datasets) {
      const vid = dataNode(v, false);
      edge({ kind: 'read', from: vid, to: runId, spec: v.spec });
      for (const [producer, files] of producers(v, versionWriter, fileWriter)) {
        links.push({ from: producer.runId, to: r.id, spec: v.spec, fromSpec: producer.spec, files });
        if (producer.hash !== v.hash) edge({ kind: 'content', from: dataNodeId(producer.hash), to: vid, files });
      }
    }
    const read = new Set(datasets.map((v) => v.hash));
    for (const v of outputs) {
      const vid = dataNode(v, true);
      // Writing back exactly what it read is no new version: an edge back would close a loop.
      if (!read.has(v.hash)) edge({ kind: 'wrote', from: runId, to: vid, spec: v.spec });
      versionWriter.set(v.hash, { runId: r.id, hash: v.hash, spec: v.spec });
      for (const f of v.files ?? []) if (f.size > 0) fileWriter.set(f.sha256, { runId: r.id, hash: v.hash, spec: v.spec });
    }
  }
  for (const n of nodes.values()) if (n.kind === 'data') n.specs.sort();
  return { nodes: [...nodes.values()], edges, links };
}

/** The runs (with the version they wrote) that produced input `v`, and how many of its files each. */
function producers(v: VersionRecord, versionWriter: Map<string, Writer>, fileWriter: Map<string, Writer>): Map<Writer, number> {
  const out = new Map<Writer, number>();
  const whole = versionWriter.get(v.hash);
  if (whole !== undefined) {
    out.set(whole, v.fileCount);
    return out;
  }
  const byKey = new Map<string, Writer>();
  for (const f of v.files ?? []) {
    if (f.size === 0) continue;
    const w = fileWriter.get(f.sha256);
    if (!w) continue;
    const key = `${w.runId}|${w.hash}`;
    const same = byKey.get(key) ?? w;
    byKey.set(key, same);
    out.set(same, (out.get(same) ?? 0) + 1);
  }
  return out;
}
