// Streaming a store's lineage records (what the editor's Datasets view and stale marks read): the
// same records as loading every manifest at once, read a chunk at a time with a pause between
// chunks, a version's files reaching runs of earlier chunks too.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLineageRecords, streamLineageRecords } from '../../../src/core/lineage/load';
import { useSevenRuns } from '../store/helpers/sevenRuns';

const H = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const base = { experiment: 'train', command: ['python', 'train.py'], shell: false, cwd: '/w', params: {}, env: {} };
const summary = (hash: string): object => ({ spec: 'data', hash, files: 1, bytes: 3, errors: 0, skipped: 0, missing: false });
const kept = (hash: string, label: string): string => JSON.stringify([{ spec: 'data', hash, bytes: 3, files: [{ path: `data/${label}.csv`, size: 3, sha256: 'c'.repeat(64) }] }]);

describe('streaming lineage records', () => {
  // Seven finished runs reading H; only the oldest kept H's files, the fourth also read OTHER.
  const runs = useSevenRuns({
    create: (i) => ({ ...base, name: `r${i}`, params: { i } }),
    then: async (i, w, store) => {
      await w.finish({ status: 'finished', exitCode: 0, signal: null });
      const dir = store.runDir(w.id);
      const m = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as Record<string, unknown>;
      m.data = { hashing: true, warnings: [], outputs: [], datasets: i === 3 ? [summary(H), summary(OTHER)] : [summary(H)] };
      writeFileSync(join(dir, 'run.json'), JSON.stringify(m));
      if (i === 0) writeFileSync(join(dir, 'datasets.json'), kept(H, 'oldest'));
      if (i === 3) writeFileSync(join(dir, 'datasets.json'), kept(OTHER, 'fourth'));
    },
  });

  it('gives the records of loading every manifest at once, pausing after each chunk', async () => {
    let pauses = 0;
    const streamed = await streamLineageRecords(runs.store, { chunk: 2, pause: () => { pauses++; return Promise.resolve(); } });
    assert.deepEqual(streamed, await loadLineageRecords(runs.store));
    assert.equal(streamed.length, 7);
    assert.equal(pauses, 4, 'seven runs in chunks of two');
  });

  it('leaves out the records `keep` turns down, after showing it every record', async () => {
    const seen: string[] = [];
    const streamed = await streamLineageRecords(runs.store, { chunk: 3, keep: (r) => { seen.push(r.name); return r.name === 'r3'; } });
    assert.deepEqual(seen.sort(), ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    assert.deepEqual(streamed.map((r) => r.name), ['r3']);
  });

  it('gives the newest runs the files of a version only the oldest run kept (read in the last chunk)', async () => {
    const streamed = await streamLineageRecords(runs.store, { chunk: 2 });
    assert.deepEqual(streamed.map((r) => r.datasets[0]?.files?.[0]?.path), Array(7).fill('data/oldest.csv'));
    assert.equal(streamed.find((r) => r.name === 'r3')?.datasets[1]?.files?.[0]?.path, 'data/fourth.csv');
  });
});
