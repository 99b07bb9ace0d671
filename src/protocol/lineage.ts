// The Lineage webview's wire protocol: the host sends the graph to draw (nodes already formatted
// as text, edges, focus), again whenever a run appears or changes; the page asks to open, compare,
// reveal, toggle the whole project and save exports. Every message is checked by its guard.
import { hasType, isArrayOf, isBoolean, isNumber, isOneOf, isRecord, isString, isStringArray } from './guards';

/** A run of the graph, as text. */
export interface LineageRunNode {
  readonly kind: 'run';
  /** Node id (`run:<run id>`). */
  readonly id: string;
  readonly runId: string;
  readonly name: string;
  readonly experiment: string | null;
  readonly status: 'queued' | 'running' | 'finished' | 'failed' | 'stopped' | 'crashed';
  /** The primary metric and its latest value, formatted ("loss 0.213"); null when none. */
  readonly metric: string | null;
  /** Why the run is stale (one line per reason); empty when it is not. */
  readonly stale: readonly string[];
  readonly trashed: boolean;
  readonly pulled: boolean;
  /** The node the view was opened on. */
  readonly focus: boolean;
}

/** A data version of the graph, as text. */
export interface LineageDataNode {
  readonly kind: 'data';
  /** Node id (`data:<hash>`). */
  readonly id: string;
  readonly hash: string;
  readonly shortHash: string;
  /** The path it was declared under (the first, when several); `specs` has them all. */
  readonly path: string;
  readonly specs: readonly string[];
  /** Size ("1.5 MiB") and file count. */
  readonly size: string;
  readonly files: number;
  /** `data`: only read; `output`: written by a run; `model`: an output that holds a model file. */
  readonly role: 'data' | 'output' | 'model';
  readonly focus: boolean;
}

/** One node. */
export type LineageViewNode = LineageRunNode | LineageDataNode;

/** One edge: `read` (data -> run), `wrote` (run -> data), `content` (a version holding another's files). */
export interface LineageViewEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: 'read' | 'wrote' | 'content';
}

/** What the view is focused on. */
export interface LineageScope {
  readonly kind: 'run' | 'data' | 'project';
  /** What the header says ("Lineage of brave-otter-12", "Lineage of outputs/model.json"). */
  readonly label: string;
}

/** The whole graph to draw (a fresh one replaces the last; pan and zoom are kept). */
export interface LineageGraphMessage {
  readonly type: 'graph';
  readonly scope: LineageScope;
  /** Showing the whole project rather than the focus's lineage. */
  readonly whole: boolean;
  readonly nodes: readonly LineageViewNode[];
  readonly edges: readonly LineageViewEdge[];
  /** Whether a click on a data version can reveal it in the Datasets view. */
  readonly canRevealData: boolean;
  /** Things to say above the graph (e.g. "the file has no recorded runs"). */
  readonly notes: readonly string[];
}

/** Host -> webview. */
export type LineageToWebview = LineageGraphMessage;

/** Webview -> host. */
export type LineageFromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'openRun'; readonly runId: string }
  | { readonly type: 'compareRuns'; readonly runIds: readonly string[] }
  | { readonly type: 'revealData'; readonly hash: string; readonly path: string }
  /** Compare Data Shift With… on a data version: it is the reference, the user picks what to compare. */
  | { readonly type: 'compareDataShift'; readonly hash: string; readonly path: string }
  | { readonly type: 'setWhole'; readonly whole: boolean }
  | { readonly type: 'exportSvg'; readonly svg: string }
  | { readonly type: 'exportPng'; readonly dataUrl: string }
  /** The page's own clock: layout and drawing of the last graph, and its size. */
  | { readonly type: 'rendered'; readonly nodes: number; readonly edges: number; readonly layoutMs: number; readonly drawMs: number };

const STATUSES = ['queued', 'running', 'finished', 'failed', 'stopped', 'crashed'] as const;

function isRunNode(v: Record<string, unknown>): boolean {
  return isString(v.runId) && isString(v.name) && (v.experiment === null || isString(v.experiment)) && isOneOf(v.status, STATUSES)
    && (v.metric === null || isString(v.metric)) && isStringArray(v.stale) && isBoolean(v.trashed) && isBoolean(v.pulled);
}

function isDataNode(v: Record<string, unknown>): boolean {
  return isString(v.hash) && isString(v.shortHash) && isString(v.path) && isStringArray(v.specs) && isString(v.size)
    && isNumber(v.files) && isOneOf(v.role, ['data', 'output', 'model'] as const);
}

/** A node of either kind. */
export function isLineageViewNode(v: unknown): v is LineageViewNode {
  if (!isRecord(v) || !isString(v.id) || !isBoolean(v.focus)) return false;
  return v.kind === 'run' ? isRunNode(v) : v.kind === 'data' ? isDataNode(v) : false;
}

function isEdge(v: unknown): v is LineageViewEdge {
  return isRecord(v) && isString(v.from) && isString(v.to) && isOneOf(v.kind, ['read', 'wrote', 'content'] as const);
}

/** Guard of host -> webview messages. */
export function isLineageToWebview(v: unknown): v is LineageToWebview {
  if (!hasType(v, ['graph'])) return false;
  const s = v.scope;
  return isRecord(s) && isOneOf(s.kind, ['run', 'data', 'project'] as const) && isString(s.label) && isBoolean(v.whole)
    && isArrayOf(v.nodes, isLineageViewNode) && isArrayOf(v.edges, isEdge) && isBoolean(v.canRevealData) && isStringArray(v.notes);
}

/** Guard of webview -> host messages. */
export function isLineageFromWebview(v: unknown): v is LineageFromWebview {
  if (!hasType(v, ['ready', 'openRun', 'compareRuns', 'revealData', 'compareDataShift', 'setWhole', 'exportSvg', 'exportPng', 'rendered'])) return false;
  switch (v.type) {
    case 'ready':
      return true;
    case 'openRun':
      return isString(v.runId);
    case 'compareRuns':
      return isStringArray(v.runIds);
    case 'revealData':
      return isString(v.hash) && isString(v.path);
    case 'compareDataShift':
      return isString(v.hash) && /^[0-9a-f]{64}$/.test(v.hash) && isString(v.path) && v.path.length > 0;
    case 'setWhole':
      return isBoolean(v.whole);
    case 'exportSvg':
      return isString(v.svg);
    case 'exportPng':
      return isString(v.dataUrl) && v.dataUrl.startsWith('data:image/png;base64,');
    case 'rendered':
      return isNumber(v.nodes) && isNumber(v.edges) && isNumber(v.layoutMs) && isNumber(v.drawMs);
  }
}
