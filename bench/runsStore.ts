// Grows a store of finished runs by writing their directories directly (no process per run), as the
// Runs view's workbench benchmark and its paging test need: thousands of runs in seconds.
import { linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatMetricRecord } from '../src/core/metrics/record';
import { type MetricSummary } from '../src/core/model';
import { newRunId } from '../src/core/store/ids';
import { ensureStore, StoreLayout } from '../src/core/store/layout';
import { newManifest, nonFiniteReplacer } from '../src/core/store/manifest';
import { nameFile } from '../src/core/store/names';

/** Runs sharing one metrics.jsonl by hard links (ext4's limit per inode is 65,000). */
const LINKS_PER_FILE = 50_000;

/** What to generate. */
export interface GeneratedRuns {
  readonly count: number;
  /** Experiments the runs cycle through (run i belongs to experiments[i % length]). */
  readonly experiments: readonly string[];
  /** Name prefix: run i is called `${prefix}-${i + 1}`. */
  readonly prefix: string;
  /** Creation time of run 0; run i is created i minutes later (so later runs are newer). */
  readonly startAt?: number;
  /** Points in each run's metrics.jsonl (shared by hard links). */
  readonly points?: number;
  /** Extra params `p0`... (a sweep's few values each) and metrics `m0`... per run: a wide table. */
  readonly wide?: { readonly params: number; readonly metrics: number };
}

/** The extra params and metric summaries of run `i` of a wide store. */
function wideValues(i: number, wide: { params: number; metrics: number }, points: number): { params: Record<string, number>; metrics: Record<string, MetricSummary> } {
  const params: Record<string, number> = {};
  for (let j = 0; j < wide.params; j++) params[`p${j}`] = [0.1, 0.01, 0.001, 0.5][(i + j) % 4] ?? 0;
  const metrics: Record<string, MetricSummary> = {};
  for (let j = 0; j < wide.metrics; j++) {
    const v = Number(((((i + 1) * (j + 7)) % 1000) / 1000).toFixed(3));
    metrics[`m${j}`] = { count: points, last: v, lastStep: points - 1, min: v, max: v, nonFinite: 0 };
  }
  return { params, metrics };
}

/**
 * Writes `count` finished runs into the store of `workspace`: params lr/epochs/model, metrics loss
 * and acc (acc of run i is (i % 97) / 100), every tenth run tagged `baseline`. Returns their ids, oldest first.
 */
export async function generateRuns(workspace: string, spec: GeneratedRuns): Promise<string[]> {
  const layout = new StoreLayout(join(workspace, '.runlens'));
  await ensureStore(layout);
  const points = spec.points ?? 20;
  let jsonl = '';
  for (let s = 0; s < points; s++) jsonl += formatMetricRecord({ time: 1.7e12 + s * 1000, step: s, values: { loss: 1 / (s + 1), acc: s / points } });
  // One shared file per LINKS_PER_FILE runs: ext4 allows 65,000 links to one inode.
  const sharedOf = (i: number): string => {
    const path = join(workspace, `.${spec.prefix}-metrics-${Math.floor(i / LINKS_PER_FILE)}.jsonl`);
    if (i % LINKS_PER_FILE === 0) writeFileSync(path, jsonl);
    return path;
  };
  const t0 = spec.startAt ?? Date.UTC(2024, 0, 1);
  const ids: string[] = [];
  for (let i = 0; i < spec.count; i++) {
    const at = t0 + i * 60_000;
    const id = newRunId(at);
    const dir = layout.runDir(id);
    mkdirSync(dir);
    const name = `${spec.prefix}-${i + 1}`;
    const wide = spec.wide ? wideValues(i, spec.wide, points) : { params: {}, metrics: {} };
    const m = newManifest({ experiment: spec.experiments[i % spec.experiments.length] ?? null, command: ['python', 'train.py'], shell: false, cwd: workspace,
      params: { lr: [0.001, 0.01, 0.1][i % 3] ?? 0.01, epochs: 10, model: i % 2 ? 'resnet' : 'vit', ...wide.params }, env: {}, tags: i % 10 ? [] : ['baseline'] }, id, name, new Date(at));
    const acc = (i % 97) / 100;
    Object.assign(m, { status: 'finished', startedAt: m.createdAt, endedAt: new Date(at + 30_000).toISOString(), exitCode: 0,
      metrics: {
        loss: { count: points, last: 1 / points, lastStep: points - 1, min: 1 / points, max: 1, nonFinite: 0 },
        acc: { count: points, last: acc, lastStep: points - 1, min: 0, max: acc, nonFinite: 0 },
        ...wide.metrics,
      } });
    writeFileSync(join(dir, 'run.json'), `${JSON.stringify(m, nonFiniteReplacer)}\n`);
    writeFileSync(join(dir, 'heartbeat'), '');
    writeFileSync(nameFile(layout, name), id);
    linkSync(sharedOf(i), join(dir, 'metrics.jsonl'));
    ids.push(id);
  }
  return ids;
}
