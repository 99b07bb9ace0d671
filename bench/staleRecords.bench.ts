// The stale check the Runs view runs after each run's end, on a store of 100,000 runs of a few
// ad-hoc commands plus a three-stage pipeline: `statusOf` over every record (before) against over
// the records a LineageRecordSet keeps (the runs linked to data and each result's newest run).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashCache } from '../src/core/data/cache';
import { LineageRecordSet } from '../src/core/lineage/recordSet';
import { statusOf } from '../src/core/lineage/status';
import { type LineageRunRecord } from '../src/core/lineage/types';
import { newRunId } from '../src/core/store/ids';
import { report, timeMedian } from './report';

const RUNS = 100_000;
const EXPERIMENTS = ['train', 'finetune', 'eval', 'sweep-lr', 'ablation'];

/** Run `i` as the workbench bench's generated store has it (no data recorded), the last three a pipeline. */
function records(): LineageRunRecord[] {
  const t0 = Date.UTC(2024, 0, 1);
  const v = (spec: string, hash: string): LineageRunRecord['datasets'][number] => ({ spec, hash, bytes: 3, fileCount: 1, files: null });
  return Array.from({ length: RUNS }, (_, i) => {
    const at = t0 + i * 60_000;
    const stage = i - (RUNS - 3);
    const linked = stage >= 0;
    return {
      id: newRunId(at), name: `rv-${i + 1}`, experiment: linked ? ['prepare', 'train', 'evaluate'][stage] ?? null : EXPERIMENTS[i % EXPERIMENTS.length] ?? null,
      command: ['python', 'train.py'], status: 'finished', createdAt: new Date(at).toISOString(),
      params: { lr: [0.001, 0.01, 0.1][i % 3] ?? 0.01, epochs: 10, model: i % 2 ? 'resnet' : 'vit' },
      trashed: false, pulled: false, data: linked ? 'hashed' : 'none',
      datasets: linked ? [v(`d${stage}`, `${stage}`.repeat(64))] : [], outputs: linked ? [v(`d${stage + 1}`, `${stage + 1}`.repeat(64))] : [],
    };
  });
}

/** Times the check over every record and over the record set, in a workspace without the datasets (each input missing). */
export async function bench(): Promise<void> {
  const all = records();
  const root = mkdtempSync(join(tmpdir(), 'runlens-bench-stale-'));
  try {
    const cache = await HashCache.open(join(root, '.runlens'));
    const every = await timeMedian(3, async () => (await statusOf(all, root, cache)).runs.length);
    let set = new LineageRecordSet();
    const fill = await timeMedian(3, () => {
      set = new LineageRecordSet();
      for (const r of all) set.set(r);
      return set.size;
    });
    const kept = await set.records(() => Promise.resolve(undefined));
    const judged = await timeMedian(5, async () => (await statusOf(await set.records(() => Promise.resolve(undefined)), root, cache)).runs.length);
    report({ name: `stale check after a run's end, ${RUNS.toLocaleString('en-US')} runs: statusOf over the ${kept.length} records the set keeps`, value: judged, unit: 'ms',
      baseline: { name: 'over every record, as before', value: every }, target: '<= 50 ms', pass: judged <= 50 });
    // Taken in as the records stream, 500 between two turns of the extension host's event loop.
    const chunk = (fill * 500) / RUNS;
    report({ name: `the record set taking in the records of one chunk of 500 runs (the store read once, ${RUNS / 500} chunks)`, value: chunk, unit: 'ms', target: '<= 50 ms', pass: chunk <= 50 });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
