// Writes a store whose lineage has about 2,000 nodes, for the Lineage view's e2e figures: rounds of
// prepare -> 4 x train -> 4 x evaluate, each round reading the features its prepare wrote, the raw
// data changing every 10 rounds. Runs are recorded as the runner records them (run.json with the
// data summaries), so the extension reads them like any others.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DatasetSummary } from '../../src/core/model';
import { newRunId } from '../../src/core/store/ids';
import { ensureStore, StoreLayout } from '../../src/core/store/layout';
import { newManifest, nonFiniteReplacer } from '../../src/core/store/manifest';
import { nameFile } from '../../src/core/store/names';

const hex = (n: number): string => n.toString(16).padStart(64, '0');

function version(spec: string, n: number, bytes: number): DatasetSummary {
  return { spec, hash: hex(n), files: 1, bytes, errors: 0, skipped: 0, missing: false };
}

/** Writes the rounds into `workspace`'s store; returns how many nodes the lineage has. */
export async function writeLineageStore(workspace: string, rounds: number): Promise<number> {
  const layout = new StoreLayout(join(workspace, '.runlens'));
  await ensureStore(layout);
  const t0 = Date.UTC(2026, 0, 1);
  let runs = 0;
  let nodes = 0;
  let next = 1;
  const write = (experiment: string, datasets: DatasetSummary[], outputs: DatasetSummary[], params: Record<string, number>, acc: number): void => {
    const id = newRunId(t0 + runs * 60_000);
    const name = `${experiment}-${runs + 1}`;
    const dir = layout.runDir(id);
    mkdirSync(dir, { recursive: true });
    const m = newManifest({ experiment, command: ['python', `${experiment}.py`], shell: false, cwd: workspace, params, env: {} }, id, name, new Date(t0 + runs * 60_000));
    Object.assign(m, {
      status: 'finished', startedAt: m.createdAt, endedAt: m.createdAt, exitCode: 0,
      metrics: { acc: { count: 1, last: acc, lastStep: 0, min: acc, max: acc, nonFinite: 0 } },
      data: { hashing: true, datasets, outputs, warnings: [] },
    });
    writeFileSync(join(dir, 'run.json'), `${JSON.stringify(m, nonFiniteReplacer, 2)}\n`);
    writeFileSync(join(dir, 'heartbeat'), '');
    writeFileSync(join(dir, 'metrics.jsonl'), '');
    writeFileSync(nameFile(layout, name), id);
    runs++;
    nodes++;
  };
  let raw = version('data/raw.csv', next++, 52_000_000);
  nodes++;
  for (let r = 0; r < rounds; r++) {
    if (r > 0 && r % 10 === 0) {
      raw = version('data/raw.csv', next++, 52_000_000 + r);
      nodes++;
    }
    const feat = version('data/features.parquet', next++, 8_000_000 + r);
    write('prepare', [raw], [feat], { seed: r }, 1);
    nodes++;
    for (let k = 0; k < 4; k++) {
      const model = version('models/model.pt', next++, 90_000_000 + r * 4 + k);
      write('train', [feat], [model], { lr: 10 ** -(k + 1), round: r }, 0.8 + k / 100);
      const report = version('reports/eval.json', next++, 2_000 + k);
      write('evaluate', [model], [report], { round: r, k }, 0.8 + k / 100);
      nodes += 2;
    }
  }
  return nodes;
}
