// The lineage model (docs/lineage.md): what the graph is built from (one record per run, as the
// store keeps it) and what it is made of. Plain JSON-serialisable data, shared by every front end.
import { type RunStatus, type ParamValue } from '../model';

/** One file of a data version: path as recorded, size and SHA-256 of its content. */
export interface LineageFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
}

/** A dataset or output as one run recorded it. */
export interface VersionRecord {
  /** The path or glob as declared. */
  readonly spec: string;
  /** The dataset hash (SHA-256 over the sorted per-file manifest). */
  readonly hash: string;
  readonly bytes: number;
  readonly fileCount: number;
  /** The per-file manifest (datasets.json / outputs.json); null when the run kept none readable. */
  readonly files: readonly LineageFile[] | null;
}

/** What the graph needs of one run. */
export interface LineageRunRecord {
  readonly id: string;
  readonly name: string;
  readonly experiment: string | null;
  /** The command as recorded: with the experiment and params it tells one result from another. */
  readonly command: readonly string[];
  readonly status: RunStatus;
  readonly createdAt: string;
  readonly params: Readonly<Record<string, ParamValue>>;
  /** Params the script logged itself (in `params` too): not part of which result a run is. */
  readonly loggedParams?: readonly string[];
  /** In the trash: left out of the graph unless asked for, then flagged. */
  readonly trashed: boolean;
  /** Came from elsewhere (another machine, through git): a run like any other, flagged. */
  readonly pulled: boolean;
  /** 'hashed': data recorded; 'off': started with hashing off; 'none': no data record at all. */
  readonly data: 'hashed' | 'off' | 'none';
  readonly datasets: readonly VersionRecord[];
  readonly outputs: readonly VersionRecord[];
}

/** A run in the graph. Node id: `run:<run id>`. */
export interface RunNode {
  readonly kind: 'run';
  readonly id: string;
  readonly run: Omit<LineageRunRecord, 'datasets' | 'outputs'>;
}

/** A data version: one content hash, wherever it was seen. Node id: `data:<dataset hash>`. */
export interface DataNode {
  readonly kind: 'data';
  readonly id: string;
  readonly hash: string;
  /** Every spec this version was declared under, sorted. */
  readonly specs: string[];
  readonly bytes: number;
  readonly fileCount: number;
  /** Written by some run in the graph (an output version) rather than only read. */
  readonly output: boolean;
}

/** One node of the graph. */
export type LineageNode = RunNode | DataNode;

/**
 * `read`: data -> run; `wrote`: run -> data; `content`: an output version -> a different version that
 * holds some of its files (renamed, copied, or part of a folder), `files` of them.
 */
export interface LineageEdge {
  readonly kind: 'read' | 'wrote' | 'content';
  readonly from: string;
  readonly to: string;
  /** For read/wrote: the spec of the run's declaration. */
  readonly spec?: string;
  readonly files?: number;
}

/** A run that produced (some of) another run's input. */
export interface RunLink {
  readonly from: string;
  readonly to: string;
  /** The reader's dataset spec the link comes through. */
  readonly spec: string;
  /** The producer's output spec it wrote that content under. */
  readonly fromSpec: string;
  /** Files of that input the producer wrote (by content), counted. */
  readonly files: number;
}

/** The whole lineage: nodes, edges, and the run-to-run links every query walks. */
export interface LineageGraph {
  readonly nodes: LineageNode[];
  readonly edges: LineageEdge[];
  /** Producer -> consumer, always from an older run to a newer one (so the links form no cycle). */
  readonly links: RunLink[];
}

/** Node id of a run. */
export function runNodeId(runId: string): string {
  return `run:${runId}`;
}

/** Node id of a data version. */
export function dataNodeId(hash: string): string {
  return `data:${hash}`;
}
