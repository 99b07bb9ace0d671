// Builds the lineage graph from run records (docs/lineage.md): data versions, runs, read/wrote
// edges, and run-to-run links found by content hash (whole version or single file), so a renamed
// or copied file, or one file of a folder dataset, still links its writer to its reader.
import {
  dataNodeId, runNodeId, type DataNode, type LineageEdge, type LineageGraph, type LineageNode,
  type LineageRunRecord, type RunLink, type RunNode, type VersionRecord,
} from './types';

/** Options of {@link buildLineage}. */
export interface LineageOptions {
  /** Include runs in the trash (flagged `trashed`); left out by default. */
  readonly includeTrash?: boolean;
}

/** An output version some run wrote: one object per (run, version), shared by its files. */
interface Writer {
  readonly runId: string;
  readonly hash: string;
  readonly spec: string;
  /** The data node id of that version (built once: a fresh `data:` string per lookup costs). */
  readonly nodeId: string;
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
  // Keyed by hash, never by a built `data:<hash>` string: 10,000 runs make ~100,000 lookups, and a
  // concatenated key is flattened and hashed on every one of them (docs/benchmarks.md).
  const runs = chronological(records.filter((r) => options.includeTrash || !r.trashed));
  const nodes: LineageNode[] = [];
  const dataAt = new Map<string, number>();
  const edges: LineageEdge[] = [];
  const links: RunLink[] = [];
  const versionWriter = new Map<string, Writer>();
  const fileWriter = new Map<string, Writer>();

  const dataNode = (v: VersionRecord, output: boolean): string => {
    const at = dataAt.get(v.hash);
    if (at === undefined) {
      const id = dataNodeId(v.hash);
      dataAt.set(v.hash, nodes.length);
      nodes.push({ kind: 'data', id, hash: v.hash, specs: [v.spec], bytes: v.bytes, fileCount: v.fileCount, output });
      return id;
    }
    const node = nodes[at] as DataNode;
    if (!node.specs.includes(v.spec)) node.specs.push(v.spec);
    if (output && !node.output) nodes[at] = { ...node, output: true };
    return node.id;
  };
  // Read and wrote edges are unique by construction (one per declaration); only content edges
  // repeat, so those are remembered per producer version.
  const contentSeen = new Map<string, Set<string>>();
  const contentEdge = (from: Writer, toHash: string, to: string, files: number): void => {
    let seen = contentSeen.get(from.hash);
    if (!seen) contentSeen.set(from.hash, (seen = new Set()));
    if (seen.has(toHash)) return;
    seen.add(toHash);
    edges.push({ kind: 'content', from: from.nodeId, to, files });
  };

  for (const r of runs) {
    const runId = runNodeId(r.id);
    nodes.push({ kind: 'run', id: runId, run: runPart(r) });
    for (const v of r.datasets) {
      const vid = dataNode(v, false);
      edges.push({ kind: 'read', from: vid, to: runId, spec: v.spec });
      const whole = versionWriter.get(v.hash);
      if (whole !== undefined) {
        links.push({ from: whole.runId, to: r.id, spec: v.spec, fromSpec: whole.spec, files: v.fileCount });
        continue;
      }
      for (const [producer, files] of fileProducers(v, fileWriter)) {
        links.push({ from: producer.runId, to: r.id, spec: v.spec, fromSpec: producer.spec, files });
        contentEdge(producer, v.hash, vid, files);
      }
    }
    for (const v of r.outputs) {
      const vid = dataNode(v, true);
      // Writing back exactly what it read is no new version: an edge back would close a loop.
      if (!r.datasets.some((d) => d.hash === v.hash)) edges.push({ kind: 'wrote', from: runId, to: vid, spec: v.spec });
      const writer: Writer = { runId: r.id, hash: v.hash, spec: v.spec, nodeId: vid };
      versionWriter.set(v.hash, writer);
      for (const f of v.files ?? []) if (f.size > 0) fileWriter.set(f.sha256, writer);
    }
  }
  for (const n of nodes) if (n.kind === 'data') n.specs.sort();
  return { nodes, edges, links };
}

/** The fields {@link runPart} copies: a field added to the record fails to compile here until copied. */
type RunFields = 'id' | 'name' | 'experiment' | 'command' | 'status' | 'createdAt' | 'params' | 'loggedParams' | 'trashed' | 'pulled' | 'data';
const ALL_FIELDS_COPIED: Exclude<keyof RunNode['run'], RunFields> extends never ? true : never = true;

/** The run node's part of a record, spelled out: an object rest is markedly slower over 10,000 runs. */
function runPart(r: LineageRunRecord): RunNode['run'] {
  void ALL_FIELDS_COPIED;
  return {
    id: r.id, name: r.name, experiment: r.experiment, command: r.command, status: r.status, createdAt: r.createdAt,
    params: r.params, ...(r.loggedParams ? { loggedParams: r.loggedParams } : {}), trashed: r.trashed, pulled: r.pulled, data: r.data,
  };
}

/**
 * The runs (with the version they wrote) that produced files of input `v`, which no run wrote as a
 * whole, and how many of its files each.
 */
function fileProducers(v: VersionRecord, fileWriter: Map<string, Writer>): Map<Writer, number> {
  const out = new Map<Writer, number>();
  for (const f of v.files ?? []) {
    if (f.size === 0) continue;
    const w = fileWriter.get(f.sha256);
    if (w) out.set(w, (out.get(w) ?? 0) + 1);
  }
  return out;
}
