// The stores the benchmarks measure, built one way: a temp workspace removed afterwards, finished
// runs written directly (manifest, heartbeat, name reservation) for stores of thousands of runs,
// and a run recorded through the store (createRun, metrics, finish) where ingest is part of it.
import { linkSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MetricSummary, type RunManifest, type RunStatus } from '../src/core/model';
import { formatMetricRecord, type MetricRecord } from '../src/core/metrics/record';
import { newRunId } from '../src/core/store/ids';
import { ensureStore, StoreLayout } from '../src/core/store/layout';
import { newManifest, nonFiniteReplacer } from '../src/core/store/manifest';
import { nameFile } from '../src/core/store/names';
import { type RunStore } from '../src/core/store/store';

/** Runs `fn` in a fresh temp workspace named `runlens-bench-NAME-…`, removed afterwards. */
export async function inTempWorkspace<T>(name: string, fn: (workspace: string) => Promise<T>): Promise<T> {
  const workspace = mkdtempSync(join(tmpdir(), `runlens-bench-${name}-`));
  try {
    return await fn(workspace);
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** One generated run: what differs from run to run in a bench store. */
export interface GeneratedRun {
  readonly name: string;
  readonly experiment: string | null;
  readonly params: RunManifest['params'];
  readonly metrics: Record<string, MetricSummary>;
  readonly status?: RunStatus;
  readonly tags?: string[];
  readonly command?: string[];
  readonly versions?: RunManifest['versions'];
}

/**
 * Writes `count` finished runs one minute apart from 2024-01-01 straight into the store's files
 * (as the supervisor would leave them, summaries included), `run(i)` saying what each holds.
 * `files(dir, i)` adds the run's data files (a metrics.jsonl, binary series). Returns the layout.
 */
export async function writeFinishedRuns(workspace: string, count: number, run: (i: number) => GeneratedRun,
  files: (dir: string, i: number) => void): Promise<StoreLayout> {
  const layout = new StoreLayout(join(workspace, '.runlens'));
  await ensureStore(layout);
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < count; i++) {
    const r = run(i);
    const id = newRunId(t0 + i * 60_000);
    const dir = layout.runDir(id);
    mkdirSync(dir);
    const m = newManifest({ experiment: r.experiment, command: r.command ?? ['python', 'train.py'], shell: false, cwd: workspace,
      params: r.params, env: {}, tags: r.tags ?? [] }, id, r.name, new Date(t0 + i * 60_000));
    Object.assign(m, { status: r.status ?? 'finished', startedAt: m.createdAt, endedAt: m.createdAt, exitCode: 0, metrics: r.metrics },
      r.versions ? { versions: r.versions } : {});
    writeFileSync(join(dir, 'run.json'), `${JSON.stringify(m, nonFiniteReplacer, 2)}\n`);
    writeFileSync(join(dir, 'heartbeat'), '');
    writeFileSync(nameFile(layout, r.name), id);
    files(dir, i);
  }
  return layout;
}

/**
 * A metrics.jsonl of `points` steps of `loss` (1/(s+1)) and `acc` (s/points) written once in the
 * workspace; the returned function hard-links it into a run folder (saves disk for 10,000 runs).
 */
export function sharedLossAccMetrics(workspace: string, points: number): (dir: string) => void {
  const shared = join(workspace, 'metrics.jsonl');
  let jsonl = '';
  for (let s = 0; s < points; s++) jsonl += formatMetricRecord({ time: 1.7e12 + s * 1000, step: s, values: { loss: 1 / (s + 1), acc: s / points } });
  writeFileSync(shared, jsonl);
  return (dir) => linkSync(shared, join(dir, 'metrics.jsonl'));
}

/** The summaries of sharedLossAccMetrics's series, with `acc`'s last/max value overridable. */
export function lossAccSummaries(points: number, acc = (points - 1) / points): Record<string, MetricSummary> {
  return {
    loss: { count: points, last: 1 / points, lastStep: points - 1, min: 1 / points, max: 1, nonFinite: 0 },
    acc: { count: points, last: acc, lastStep: points - 1, min: 0, max: acc, nonFinite: 0 },
  };
}

/**
 * Records one ad-hoc run through the store, as a real run is: created, `records` written to its
 * metrics.jsonl, `before(runDir)` (a log, say), then finished (ingest included). Returns its id.
 */
export async function recordRun(store: RunStore, workspace: string, records: readonly MetricRecord[],
  before?: (id: string) => void): Promise<string> {
  const w = await store.createRun({ experiment: null, command: ['bench'], shell: false, cwd: workspace, params: {}, env: {} });
  writeFileSync(w.metricsFile, records.map(formatMetricRecord).join(''));
  before?.(w.id);
  await w.finish({ status: 'finished', exitCode: 0, signal: null });
  return w.id;
}
