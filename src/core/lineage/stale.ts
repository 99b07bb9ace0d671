// Stale runs (docs/lineage.md): which current results are out of date and why. Pure: it judges
// run records and their lineage against the workspace's data as hashed now (see status.ts).
import { diffManifests } from '../data/manifest';
import { chronological } from './graph';
import { walkRuns } from './query';
import { type LineageFile, type LineageGraph, type LineageRunRecord, type RunLink } from './types';

/** A dataset spec as it is in the workspace now. */
export interface WorkspaceVersion {
  readonly hash: string;
  /** Nothing matches the spec any more. */
  readonly missing: boolean;
  readonly files: readonly LineageFile[];
}

/** One reason a run is stale. */
export type StaleReason =
  | { readonly kind: 'data-changed'; readonly spec: string; readonly missing: boolean;
      /** Per-file changes; null when the run kept no per-file manifest to compare with. */
      readonly files: { added: string[]; removed: string[]; changed: string[] } | null; readonly message: string }
  | { readonly kind: 'input-superseded'; readonly spec: string; readonly run: string; readonly runName: string; readonly message: string }
  | { readonly kind: 'upstream-stale'; readonly run: string; readonly runName: string; readonly message: string };

/** The verdict on one run. */
export interface StaleVerdict {
  readonly run: string;
  readonly name: string;
  readonly experiment: string | null;
  /** The newest finished run of its experiment and params (false: an upstream run of one). */
  readonly current: boolean;
  readonly stale: boolean;
  readonly reasons: StaleReason[];
}

/**
 * Which result a run is of: experiment (or command) plus the params it was given, key order
 * ignored. Params the script logged itself (row counts, a library version) are what it reported,
 * not what it was asked to do: a rerun that logs another row count is the same result.
 */
export function resultKey(r: LineageRunRecord): string {
  const logged = new Set(r.loggedParams ?? []);
  const params = Object.keys(r.params).filter((k) => !logged.has(k)).sort().map((k) => [k, r.params[k]]);
  return JSON.stringify([r.experiment ?? r.command, params]);
}

/**
 * The current result of each experiment: per experiment and params (so one per sweep point), the
 * newest finished run. Older runs are history. Runs in the trash are never current, nor are runs
 * pulled from a teammate: they ran on another machine's files and are not this workspace's to redo.
 */
export function currentRuns(records: readonly LineageRunRecord[]): LineageRunRecord[] {
  const newest = new Map<string, LineageRunRecord>();
  for (const r of chronological(records)) if (r.status === 'finished' && !r.trashed && !r.pulled) newest.set(resultKey(r), r);
  return chronological([...newest.values()]);
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

/** What changed in one input between the run's record and the workspace; undefined when nothing. */
function dataReason(spec: string, readHash: string, readFiles: readonly LineageFile[] | null, now: WorkspaceVersion | undefined): StaleReason | undefined {
  if (!now || now.hash === readHash) return undefined;
  if (now.missing) return { kind: 'data-changed', spec, missing: true, files: null, message: `${spec} is gone from the workspace` };
  if (!readFiles) return { kind: 'data-changed', spec, missing: false, files: null, message: `${spec} changed since the run read it` };
  const d = diffManifests({ files: [...readFiles] }, { files: [...now.files] });
  const parts = [
    ...(d.modified.length > 0 ? [`${plural(d.modified.length, 'file')} changed (${d.modified[0]}${d.modified.length > 1 ? ', ...' : ''})`] : []),
    ...(d.added.length > 0 ? [`${plural(d.added.length, 'file')} added (${d.added[0]}${d.added.length > 1 ? ', ...' : ''})`] : []),
    ...(d.removed.length > 0 ? [`${plural(d.removed.length, 'file')} removed (${d.removed[0]}${d.removed.length > 1 ? ', ...' : ''})`] : []),
  ];
  return {
    kind: 'data-changed', spec, missing: false, files: { added: d.added, removed: d.removed, changed: d.modified },
    message: `${spec} changed since the run read it: ${parts.join(', ') || 'its manifest differs'}`,
  };
}

/**
 * Judges the current runs of `records`. A run is stale when an input differs in `workspace` now (by
 * spec), when the experiment that produced an input has since written a different version of it
 * (its current run), or when the producer's current run is stale. Returns the current runs'
 * verdicts, then those of stale producers that have no current run of their own.
 */
export function judgeStaleness(graph: LineageGraph, records: readonly LineageRunRecord[], workspace: ReadonlyMap<string, WorkspaceVersion>): StaleVerdict[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const { current } = runsToJudge(graph, records);
  const currentOf = new Map(current.map((r) => [resultKey(r), r]));
  const isCurrent = new Set(current.map((r) => r.id));
  const producers = new Map<string, RunLink[]>();
  for (const l of graph.links) producers.set(l.to, [...(producers.get(l.to) ?? []), l]);
  const verdicts = new Map<string, StaleVerdict>();
  const busy = new Set<string>();

  // Depth first: a producer's current run may be newer than its consumer, so no fixed order fits.
  const judge = (r: LineageRunRecord): StaleVerdict | undefined => {
    const done = verdicts.get(r.id);
    if (done || busy.has(r.id)) return done; // a cycle through current runs: judged on its other reasons
    busy.add(r.id);
    const reasons: StaleReason[] = [];
    // A pulled run read another workspace's files: judging them against this one would flag it for nothing.
    if (r.pulled) {
      busy.delete(r.id);
      const fresh = { run: r.id, name: r.name, experiment: r.experiment, current: false, stale: false, reasons };
      verdicts.set(r.id, fresh);
      return fresh;
    }
    if (r.data === 'hashed') {
      for (const v of r.datasets) {
        const why = dataReason(v.spec, v.hash, v.files, workspace.get(v.spec));
        if (why) reasons.push(why);
      }
    }
    const upstream = new Set<string>();
    for (const l of producers.get(r.id) ?? []) {
      const producer = byId.get(l.from);
      if (!producer) continue;
      const latest = currentOf.get(resultKey(producer)) ?? producer;
      const read = r.datasets.find((v) => v.spec === l.spec);
      const newer = latest.id !== producer.id ? latest.outputs.find((v) => v.spec === l.fromSpec) : undefined;
      if (newer && read && newer.hash !== read.hash && !reasons.some((x) => x.kind === 'input-superseded' && x.spec === l.spec)) {
        reasons.push({ kind: 'input-superseded', spec: l.spec, run: latest.id, runName: latest.name,
          message: `${latest.name} has since written a newer ${l.fromSpec} than the one this run read as ${l.spec}` });
      }
      if (judge(latest)?.stale && !upstream.has(latest.id)) {
        upstream.add(latest.id);
        reasons.push({ kind: 'upstream-stale', run: latest.id, runName: latest.name, message: `upstream run ${latest.name} is stale: its outputs will change when it reruns` });
      }
    }
    busy.delete(r.id);
    const verdict = { run: r.id, name: r.name, experiment: r.experiment, current: isCurrent.has(r.id), stale: reasons.length > 0, reasons };
    verdicts.set(r.id, verdict);
    return verdict;
  };
  const out = current.map((r) => judge(r) as StaleVerdict);
  for (const v of verdicts.values()) if (!v.current && v.stale) out.push(v);
  return out;
}

/** The current runs among those in `graph`, and their ids with every run upstream of them. */
function runsToJudge(graph: LineageGraph, records: readonly LineageRunRecord[]): { current: LineageRunRecord[]; judged: Set<string> } {
  const inGraph = new Set<string>();
  for (const n of graph.nodes) if (n.kind === 'run') inGraph.add(n.run.id);
  const current = currentRuns(records.filter((r) => inGraph.has(r.id)));
  const judged = new Set(current.map((r) => r.id));
  for (const id of walkRuns(graph, [...judged], 'up')) judged.add(id);
  return { current, judged };
}

/**
 * The dataset specs whose workspace state a staleness check needs (every input of the runs judged),
 * each with the dataset hashes those runs read from it.
 */
export function inputsToCheck(graph: LineageGraph, records: readonly LineageRunRecord[]): Map<string, Set<string>> {
  const { judged } = runsToJudge(graph, records);
  const reads = new Map<string, Set<string>>();
  for (const r of records) {
    if (!judged.has(r.id) || r.data !== 'hashed' || r.pulled) continue;
    for (const v of r.datasets) reads.set(v.spec, (reads.get(v.spec) ?? new Set()).add(v.hash));
  }
  return reads;
}

/** The dataset specs whose workspace state a staleness check needs, sorted. */
export function specsToCheck(graph: LineageGraph, records: readonly LineageRunRecord[]): string[] {
  return [...inputsToCheck(graph, records).keys()].sort();
}
