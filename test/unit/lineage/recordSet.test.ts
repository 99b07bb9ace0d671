// The record set the editor keeps per folder (recordSet.ts): the runs linked to data and each
// result's newest finished run, judged exactly as every record would be, kept current one run at a
// time (also while the store is still being read), a deleted result's next newest read on demand.
import * as assert from 'node:assert/strict';
import { buildLineage } from '../../../src/core/lineage/graph';
import { LineageRecordSet } from '../../../src/core/lineage/recordSet';
import { inputsToCheck, judgeStaleness, type WorkspaceVersion } from '../../../src/core/lineage/stale';
import { type LineageRunRecord, type VersionRecord } from '../../../src/core/lineage/types';
import { file, run, ver } from './fixtures';

function now(...versions: VersionRecord[]): Map<string, WorkspaceVersion> {
  return new Map(versions.map((v) => [v.spec, { hash: v.hash, missing: false, files: v.files ?? [] }]));
}

/** What a stale check makes of `records`: its verdicts and the inputs it hashes. */
function judged(records: readonly LineageRunRecord[], workspace: Map<string, WorkspaceVersion>): unknown {
  const graph = buildLineage(records);
  return { verdicts: judgeStaleness(graph, records, workspace), inputs: [...inputsToCheck(graph, records)].map(([s, h]) => [s, [...h].sort()]).sort() };
}

const noRead = (): Promise<LineageRunRecord | undefined> => Promise.reject(new Error('nothing should be read'));

describe('lineage record set', () => {
  const raw1 = ver('data/raw', { 'data/raw/a.csv': 'a1' });
  const raw2 = ver('data/raw', { 'data/raw/a.csv': 'a2' });
  const workspace = now(raw2, file('features.csv', 'f1'), file('model.pkl', 'm1'));

  /** A pipeline, runs of it and ad-hoc commands linked to nothing, newer runs of the same results, a pulled and a failed run. */
  function store(): LineageRunRecord[] {
    const out: LineageRunRecord[] = [];
    const adHoc = (i: number, extra: Partial<LineageRunRecord> = {}): LineageRunRecord => run(`adhoc${i % 3}`, [], [], { data: 'none', params: { seed: i % 2 }, ...extra });
    for (let i = 0; i < 20; i++) out.push(adHoc(i));
    out.push(run('prepare', [raw1], [file('features.csv', 'f1')]));
    out.push(run('train', [file('features.csv', 'f1')], [file('model.pkl', 'm1')]));
    out.push(run('evaluate', [file('model.pkl', 'm1')], [file('report.json', 'r1')]));
    // A newer train with no data recorded: the current result now, the linked one only upstream.
    out.push(run('train', [], [], { data: 'off' }));
    for (let i = 20; i < 40; i++) out.push(adHoc(i, i % 5 === 0 ? { status: 'failed' } : i % 7 === 0 ? { pulled: true } : {}));
    return out;
  }

  it('judges the runs it keeps exactly as every record, keeping a few of the runs linked to nothing', async () => {
    const all = store();
    const set = new LineageRecordSet();
    for (const r of all) set.set(r);
    const kept = await set.records(noRead);
    assert.deepEqual(judged(kept, workspace), judged(all, workspace));
    // The three linked runs, the newer train, and one run per ad-hoc result (3 names x 2 seeds).
    assert.equal(kept.length, 3 + 1 + 6);
    assert.deepEqual(kept.map((r) => r.createdAt), kept.map((r) => r.createdAt).sort().reverse(), 'newest first');
    assert.ok((judged(kept, workspace) as { verdicts: { stale: boolean }[] }).verdicts.some((v) => v.stale), 'the changed raw data makes something stale');
  });

  it('stays exact when runs change and go while the store is still being taken in', async () => {
    const all = store();
    const set = new LineageRecordSet();
    const final = new Map(all.map((r) => [r.id, r]));
    const newestTrain = all.findIndex((r) => r.name === 'train' && r.data === 'off');
    for (const [i, r] of all.entries()) {
      set.set(r);
      if (i === 25) {
        // Mid-pass: a run taken in already reads new data now (its input changed), and the newer
        // train, not reached yet, is deleted: the linked train is the current result again.
        const changed = { ...all[3]!, data: 'hashed' as const, datasets: [raw1] };
        final.set(changed.id, changed);
        set.set(changed);
        final.delete(all[newestTrain]!.id);
        set.delete(all[newestTrain]!.id);
      }
    }
    // The deleted run was taken in after its deletion above (the pass reached it later): its
    // change, read again, says it is gone.
    set.delete(all[newestTrain]!.id);
    const expected = [...final.values()];
    assert.deepEqual(judged(await set.records(noRead), workspace), judged(expected, workspace));
  });

  it('reads the next newest run of a result whose newest was deleted, and drops it when it is gone too', async () => {
    const older = run('sweep', [], [], { data: 'none', params: { lr: 0.1 } });
    const middle = run('sweep', [], [], { data: 'none', params: { lr: 0.1 } });
    const newest = run('sweep', [], [], { data: 'none', params: { lr: 0.1 } });
    const set = new LineageRecordSet();
    for (const r of [older, middle, newest]) set.set(r);
    assert.deepEqual((await set.records(noRead)).map((r) => r.id), [newest.id]);
    set.delete(newest.id);
    const asked: string[] = [];
    const kept = await set.records((id) => {
      asked.push(id);
      return Promise.resolve(id === older.id ? older : undefined);
    });
    // The middle run is asked for first; gone too, so the older one is read in its place.
    assert.deepEqual(asked, [middle.id, older.id]);
    assert.deepEqual(kept.map((r) => r.id), [older.id]);
  });
});
