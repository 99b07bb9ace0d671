// Lineage benchmarks (docs/lineage.md): the graph of 10,000 runs x 3 inputs, beside one pass that
// only indexes the same file entries. The staleness check (`runlens status`) is status.bench.ts.
import { buildLineage } from '../src/core/lineage/graph';
import { type LineageRunRecord, type VersionRecord } from '../src/core/lineage/types';
import { newRunId } from '../src/core/store/ids';
import { report, timeMedian } from './report';

const hex = (n: number): string => n.toString(16).padStart(64, '0');

function record(i: number, datasets: VersionRecord[], outputs: VersionRecord[], experiment: string, params: Record<string, number>): LineageRunRecord {
  const t = Date.UTC(2026, 0, 1) + i * 1000;
  return { id: newRunId(t), name: `run-${i}`, experiment, command: ['python', 'x.py'], status: 'finished', createdAt: new Date(t).toISOString(),
    params, trashed: false, pulled: false, data: 'hashed', datasets, outputs };
}

/** 10,000 runs: each reads the raw data and the outputs of the two runs before it, and writes one file. */
function chain(): LineageRunRecord[] {
  const out = (i: number): VersionRecord => ({ spec: `out/${i}.bin`, hash: hex(1_000_000 + i), bytes: 10, fileCount: 1, files: [{ path: `out/${i}.bin`, size: 10, sha256: hex(2_000_000 + i) }] });
  const raw: VersionRecord = { spec: 'raw.csv', hash: hex(1), bytes: 10, fileCount: 1, files: [{ path: 'raw.csv', size: 10, sha256: hex(2) }] };
  const runs: LineageRunRecord[] = [];
  for (let i = 0; i < 10_000; i++) {
    // Renamed copies: the reader's path differs, so links go through the file hashes.
    const prev = [i - 1, i - 2].filter((k) => k >= 0).map((k) => ({ ...out(k), spec: `in/${k}.bin`, hash: hex(3_000_000 + k), files: [{ path: `in/${k}.bin`, size: 10, sha256: hex(2_000_000 + k) }] }));
    runs.push(record(i, [raw, ...prev], [out(i)], `stage-${i % 50}`, { i }));
  }
  return runs;
}

async function benchGraph(): Promise<void> {
  const runs = chain();
  const build = await timeMedian(5, () => buildLineage(runs));
  const index = await timeMedian(5, () => {
    const m = new Map<string, string>();
    for (const r of runs) for (const v of [...r.datasets, ...r.outputs]) for (const f of v.files ?? []) m.set(f.sha256, r.id);
    return m.size;
  });
  report({ name: 'lineage of 10,000 runs x 3 inputs built', value: build, unit: 'ms', baseline: { name: 'indexing the same file entries once', value: index },
    target: '<= 200 ms', pass: build <= 200 });
}

/** Runs the lineage benchmarks. */
export async function bench(): Promise<void> {
  await benchGraph();
}
