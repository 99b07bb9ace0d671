// Stale runs: data changed in the workspace, an input superseded by a newer version from its
// producer, staleness passed downstream, and only current results (newest run per sweep point) judged.
import * as assert from 'node:assert/strict';
import { buildLineage } from '../../../src/core/lineage/graph';
import { currentRuns, judgeStaleness, specsToCheck, type WorkspaceVersion } from '../../../src/core/lineage/stale';
import { type LineageRunRecord, type VersionRecord } from '../../../src/core/lineage/types';
import { file, run, ver } from './fixtures';

function now(...versions: VersionRecord[]): Map<string, WorkspaceVersion> {
  return new Map(versions.map((v) => [v.spec, { hash: v.hash, missing: false, files: v.files ?? [] }]));
}

function pipeline(): { prepare: LineageRunRecord; train: LineageRunRecord; evaluate: LineageRunRecord } {
  const prepare = run('prepare', [ver('data/raw', { 'data/raw/a.csv': 'a1', 'data/raw/b.csv': 'b1' })], [file('features.csv', 'f1')]);
  const train = run('train', [file('features.csv', 'f1')], [file('model.pkl', 'm1')]);
  const evaluate = run('evaluate', [file('model.pkl', 'm1')], [file('report.json', 'r1')]);
  return { prepare, train, evaluate };
}

function summary(verdicts: ReturnType<typeof judgeStaleness>): string[] {
  return verdicts.map((v) => `${v.name}:${v.stale ? v.reasons.map((r) => r.kind).join('+') : 'fresh'}`);
}

describe('stale runs', () => {
  it('finds nothing stale when the workspace holds what the runs read', () => {
    const { prepare, train, evaluate } = pipeline();
    const all = [prepare, train, evaluate];
    const g = buildLineage(all);
    assert.deepEqual(specsToCheck(g, all), ['data/raw', 'features.csv', 'model.pkl']);
    const v = judgeStaleness(g, all, now(prepare.datasets[0] as VersionRecord, file('features.csv', 'f1'), file('model.pkl', 'm1')));
    assert.deepEqual(summary(v), ['prepare:fresh', 'train:fresh', 'evaluate:fresh']);
  });

  it('marks the chain stale when raw data changed, naming the changed, added and removed files', () => {
    const { prepare, train, evaluate } = pipeline();
    const all = [prepare, train, evaluate];
    const raw = ver('data/raw', { 'data/raw/a.csv': 'a2', 'data/raw/c.csv': 'c1' });
    const v = judgeStaleness(buildLineage(all), all, now(raw, file('features.csv', 'f1'), file('model.pkl', 'm1')));
    assert.deepEqual(summary(v), ['prepare:data-changed', 'train:upstream-stale', 'evaluate:upstream-stale']);
    const why = v[0]?.reasons[0];
    assert.ok(why?.kind === 'data-changed');
    assert.deepEqual(why.files, { added: ['data/raw/c.csv'], removed: ['data/raw/b.csv'], changed: ['data/raw/a.csv'] });
    assert.match(why.message, /data\/raw changed since the run read it: 1 file changed \(data\/raw\/a\.csv\), 1 file added/);
    const up = v[1]?.reasons[0];
    assert.ok(up?.kind === 'upstream-stale' && up.run === prepare.id && up.runName === 'prepare');
  });

  it('marks a consumer stale when its producer has since written a newer version', () => {
    const { prepare, train, evaluate } = pipeline();
    const raw2 = ver('data/raw', { 'data/raw/a.csv': 'a2' });
    const prepare2 = run('prepare', [raw2], [file('features.csv', 'f2')]);
    const all = [prepare, train, evaluate, prepare2];
    const v = judgeStaleness(buildLineage(all), all, now(raw2, file('features.csv', 'f2'), file('model.pkl', 'm1')));
    // train read features.csv f1: the workspace now holds f2 and prepare (current) wrote f2.
    // The old prepare is history: its current run (prepare2) is what train is judged against.
    assert.deepEqual(summary(v), ['train:data-changed+input-superseded', 'evaluate:upstream-stale', 'prepare:fresh']);
    const superseded = v[0]?.reasons.find((r) => r.kind === 'input-superseded');
    assert.ok(superseded?.kind === 'input-superseded' && superseded.run === prepare2.id && superseded.spec === 'features.csv');
  });

  it('passes staleness down from the producer\'s current run, even when it is newer than the consumer', () => {
    const { prepare, train } = pipeline();
    const prepare2 = run('prepare', [prepare.datasets[0] as VersionRecord], [file('features.csv', 'f1')]);
    const all = [prepare, train, prepare2];
    const raw = ver('data/raw', { 'data/raw/a.csv': 'changed' });
    const v = judgeStaleness(buildLineage(all), all, now(raw, file('features.csv', 'f1')));
    assert.deepEqual(summary(v), ['train:upstream-stale', 'prepare:data-changed']);
    const up = v[0]?.reasons[0];
    assert.ok(up?.kind === 'upstream-stale' && up.run === prepare2.id, 'names the current prepare, not the one train read from');
  });

  it('judges only the newest run of each experiment and sweep point', () => {
    const old = run('train', [file('d.csv', 'd1')], [], { params: { lr: 0.1 } });
    const a = run('train', [file('d.csv', 'd1')], [], { params: { lr: 0.1 } });
    const b = run('train', [file('d.csv', 'd1')], [], { params: { lr: 0.2 } });
    const failed = run('train', [file('d.csv', 'd1')], [], { params: { lr: 0.2 }, status: 'failed' });
    const trashed = run('train', [file('d.csv', 'd1')], [], { params: { lr: 0.3 }, trashed: true });
    const all = [old, a, b, failed, trashed];
    assert.deepEqual(currentRuns(all).map((r) => r.id), [a.id, b.id]);
    const v = judgeStaleness(buildLineage(all), all, now(file('d.csv', 'd2')));
    assert.deepEqual(v.map((x) => [x.run, x.stale]), [[a.id, true], [b.id, true]]);
  });

  it('says a dataset is gone, and judges runs without data as fresh (nothing to compare)', () => {
    const r = run('a', [file('x.csv', 'x')], []);
    const none = run('b', [], [], { data: 'none' });
    const all = [r, none];
    const v = judgeStaleness(buildLineage(all), all, new Map([['x.csv', { hash: 'e3b0', missing: true, files: [] }]]));
    assert.deepEqual(summary(v), ['a:data-changed', 'b:fresh']);
    assert.equal(v[0]?.reasons[0]?.message, 'x.csv is gone from the workspace');
  });

  it('reports a changed version without per-file manifest as changed, without file lists', () => {
    const r = run('a', [{ ...file('x.csv', 'x'), files: null }], []);
    const v = judgeStaleness(buildLineage([r]), [r], now(file('x.csv', 'y')));
    const why = v[0]?.reasons[0];
    assert.ok(why?.kind === 'data-changed' && why.files === null);
  });
  it('never judges a pulled run: it is not a current result, not checked against this workspace, and passes no staleness on', () => {
    const { prepare, train, evaluate } = pipeline();
    const theirs = { ...prepare, pulled: true };
    const mine = [theirs, train, evaluate];
    const raw = ver('data/raw', { 'data/raw/a.csv': 'a2' });
    const g = buildLineage(mine);
    assert.equal(g.links.filter((l) => l.from === theirs.id).length, 1, 'still linked by content to the run that read its output');
    assert.deepEqual(specsToCheck(g, mine), ['features.csv', 'model.pkl'], 'its inputs are not hashed here');
    const v = judgeStaleness(g, mine, now(raw, file('features.csv', 'f1'), file('model.pkl', 'm1')));
    assert.deepEqual(summary(v), ['train:fresh', 'evaluate:fresh']);
    // A pulled run newer than the local one of the same experiment does not make the local one history.
    const pulledTrain = run('train', [file('features.csv', 'f1')], [file('model.pkl', 'm9')], { pulled: true });
    assert.deepEqual(currentRuns([prepare, train, pulledTrain]).map((r) => r.id), [prepare.id, train.id]);
  });
});
