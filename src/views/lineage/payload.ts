// The Lineage view's model: which part of the lineage a view focused on a run, a data target or the
// whole project shows (through core's queries), and that graph as the text the page draws.
import { type StaleVerdict } from '../../core/lineage/stale';
import { dataLineage, runLineage, type DataTarget } from '../../core/lineage/query';
import { dataNodeId, runNodeId, type DataNode, type LineageGraph, type LineageRunRecord, type RunNode } from '../../core/lineage/types';
import { type RunManifest } from '../../core/model';
import { formatBytes, formatMetric } from '../../core/present/format';
import { own } from '../../core/dict';
import { type LineageDataNode, type LineageGraphMessage, type LineageRunNode, type LineageScope } from '../../protocol/lineage';

/** Hash characters a data node shows (as `runlens lineage` does). */
const SHORT_HASH = 12;

/** File types that are models: an output holding one is drawn as a model. */
const MODEL_FILE = /\.(pt|pth|ckpt|onnx|pkl|pickle|joblib|h5|hdf5|keras|safetensors|pb|tflite|gguf|mlmodel|cbm|xgb|lgb)$/i;
/** Paths named as models: a `model(s)` folder, or a file called model.json, model_final.bin... */
const MODEL_NAME = /(^|\/)models?($|\/|[._-])/i;

/** What a view is focused on. */
export type LineageFocus =
  | { readonly kind: 'run'; readonly runId: string }
  | { readonly kind: 'data'; readonly path: string; readonly target: DataTarget }
  | { readonly kind: 'project' };

/** The part of `graph` a view shows, and the ids of the nodes it was opened on. */
export interface LineageAnswer {
  readonly graph: LineageGraph;
  readonly focus: ReadonlySet<string>;
}

/** The lineage of the focus (ancestry and descendants), or the whole graph when `whole`. */
export function lineageAnswer(graph: LineageGraph, records: readonly LineageRunRecord[], focus: LineageFocus, whole: boolean): LineageAnswer {
  if (focus.kind === 'run') {
    const ids = new Set([runNodeId(focus.runId)]);
    return { graph: whole ? graph : runLineage(graph, focus.runId, 'both'), focus: ids };
  }
  if (focus.kind === 'data') {
    const answer = whole ? graph : dataLineage(graph, records, focus.target, 'both');
    // The focus: the versions it names, else those holding its files (a file inside a folder dataset).
    const ids = new Set([...focus.target.hashes].map(dataNodeId));
    if (![...ids].some((id) => answer.nodes.some((n) => n.id === id))) {
      for (const r of records) {
        for (const v of [...r.datasets, ...r.outputs]) if ((v.files ?? []).some((f) => f.size > 0 && focus.target.files.has(f.sha256))) ids.add(dataNodeId(v.hash));
      }
    }
    return { graph: answer, focus: ids };
  }
  return { graph, focus: new Set() };
}

/** What the payload needs besides the answer. */
export interface LineagePayloadInput {
  readonly answer: LineageAnswer;
  readonly scope: LineageScope;
  readonly whole: boolean;
  /** Core's stale verdicts for the workspace (empty when the check is off). */
  readonly verdicts: readonly StaleVerdict[];
  /** The run's record (for its primary metric: a manifest or the view's summary), when the folder still has it. */
  readonly manifest: (runId: string) => Pick<RunManifest, 'experiment' | 'metrics'> | undefined;
  /** The primary metric of a run (from runlens.yaml or the settings). */
  readonly primaryOf: (run: Pick<RunManifest, 'experiment' | 'metrics'>) => string | undefined;
  readonly canRevealData: boolean;
  readonly notes?: readonly string[];
}

function runNode(n: RunNode, input: LineagePayloadInput, stale: ReadonlyMap<string, StaleVerdict>): LineageRunNode {
  const m = input.manifest(n.run.id);
  const primary = m ? input.primaryOf(m) : undefined;
  const summary = m && primary ? own(m.metrics, primary) : undefined;
  const verdict = stale.get(n.run.id);
  return {
    kind: 'run', id: n.id, runId: n.run.id, name: n.run.name, experiment: n.run.experiment, status: n.run.status,
    metric: primary && summary ? `${primary} ${formatMetric(summary.last)}` : null,
    stale: verdict?.stale ? verdict.reasons.map((r) => r.message) : [],
    trashed: n.run.trashed, pulled: n.run.pulled, focus: input.answer.focus.has(n.id),
  };
}

function dataNode(n: DataNode, focus: ReadonlySet<string>): LineageDataNode {
  const path = n.specs[0] ?? '';
  const role = !n.output ? 'data' : n.specs.some((s) => MODEL_FILE.test(s) || MODEL_NAME.test(s)) ? 'model' : 'output';
  return {
    kind: 'data', id: n.id, hash: n.hash, shortHash: n.hash.slice(0, SHORT_HASH), path, specs: n.specs,
    size: formatBytes(n.bytes), files: n.fileCount, role, focus: focus.has(n.id),
  };
}

/** The graph message of a view: every node as text, the edges, the focus marked. */
export function buildLineagePayload(input: LineagePayloadInput): LineageGraphMessage {
  const stale = new Map(input.verdicts.map((v) => [v.run, v]));
  const { graph, focus } = input.answer;
  return {
    type: 'graph', scope: input.scope, whole: input.whole,
    nodes: graph.nodes.map((n) => (n.kind === 'run' ? runNode(n, input, stale) : dataNode(n, focus))),
    edges: graph.edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind })),
    canRevealData: input.canRevealData,
    notes: [...(input.notes ?? [])],
  };
}
