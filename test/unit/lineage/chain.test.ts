// Rerun Stale Chain's order: a stale run's stale upstream runs first (producers before consumers,
// a diamond's shared producer once), the run itself last; fresh and unjudged runs get no chain.
import * as assert from 'node:assert/strict';
import { staleChain } from '../../../src/core/lineage/chain';
import { buildLineage } from '../../../src/core/lineage/graph';
import { currentRuns, judgeStaleness, type StaleVerdict, type WorkspaceVersion } from '../../../src/core/lineage/stale';
import { type LineageRunRecord, type VersionRecord } from '../../../src/core/lineage/types';
import { file, run, ver } from './fixtures';

function now(...versions: VersionRecord[]): Map<string, WorkspaceVersion> {
  return new Map(versions.map((v) => [v.spec, { hash: v.hash, missing: false, files: v.files ?? [] }]));
}

function names(chain: ReturnType<typeof staleChain>): string[] {
  assert.ok(chain.ok, chain.ok ? '' : chain.message);
  return chain.runs.map((v) => v.name);
}

function judge(all: LineageRunRecord[], ...workspace: VersionRecord[]): StaleVerdict[] {
  return judgeStaleness(buildLineage(all), all, now(...workspace));
}

describe('stale chain', () => {
  const raw1 = ver('data/raw', { 'data/raw/a.csv': 'a1' });
  const raw2 = ver('data/raw', { 'data/raw/a.csv': 'a2' });

  it('orders prepare -> train -> evaluate when the raw data changed', () => {
    const prepare = run('prepare', [raw1], [file('features.csv', 'f1')]);
    const train = run('train', [file('features.csv', 'f1')], [file('model.pkl', 'm1')]);
    const evaluate = run('evaluate', [file('model.pkl', 'm1'), file('features.csv', 'f1')], [file('report.json', 'r1')]);
    const v = judge([prepare, train, evaluate], raw2, file('features.csv', 'f1'), file('model.pkl', 'm1'));
    assert.deepEqual(names(staleChain(v, evaluate.id)), ['prepare', 'train', 'evaluate']);
    assert.deepEqual(names(staleChain(v, train.id)), ['prepare', 'train']);
    assert.deepEqual(names(staleChain(v, prepare.id)), ['prepare']);
  });

  it('puts a diamond\'s shared producer once, before both branches', () => {
    const prepare = run('prepare', [raw1], [file('a.csv', 'a'), file('b.csv', 'b')]);
    const left = run('left', [file('a.csv', 'a')], [file('l.bin', 'l')]);
    const right = run('right', [file('b.csv', 'b')], [file('r.bin', 'r')]);
    const join = run('join', [file('l.bin', 'l'), file('r.bin', 'r')], [file('j.bin', 'j')]);
    const v = judge([prepare, left, right, join], raw2, file('a.csv', 'a'), file('b.csv', 'b'), file('l.bin', 'l'), file('r.bin', 'r'));
    const order = names(staleChain(v, join.id));
    assert.equal(order.length, 4);
    assert.equal(order[0], 'prepare');
    assert.equal(order[3], 'join');
    assert.deepEqual([...order.slice(1, 3)].sort(), ['left', 'right']);
  });

  it('leaves out upstream runs that are fresh (only the run itself when its own input changed)', () => {
    const prepare = run('prepare', [raw1], [file('features.csv', 'f1')]);
    const train = run('train', [file('features.csv', 'f1'), file('extra.csv', 'e1')], [file('model.pkl', 'm1')]);
    const v = judge([prepare, train], raw1, file('features.csv', 'f1'), file('extra.csv', 'e2'));
    assert.deepEqual(names(staleChain(v, train.id)), ['train']);
  });

  it('reruns the producer\'s current run, not the older one the consumer read from', () => {
    const prepare = run('prepare', [raw1], [file('features.csv', 'f1')]);
    const train = run('train', [file('features.csv', 'f1')], [file('model.pkl', 'm1')]);
    const prepare2 = run('prepare', [raw1], [file('features.csv', 'f1')]);
    const v = judge([prepare, train, prepare2], raw2, file('features.csv', 'f1'));
    const chain = staleChain(v, train.id);
    assert.ok(chain.ok);
    assert.deepEqual(chain.runs.map((x) => x.run), [prepare2.id, train.id]);
  });

  it('takes a rerun that logged other values of its own params as the same result, so the old run is history', () => {
    const train = run('train', [raw1], [file('model.pkl', 'm1')], { params: { lr: 0.1, val_rows: 60 }, loggedParams: ['val_rows'] });
    const evaluate = run('evaluate', [file('model.pkl', 'm1')], []);
    const train2 = run('train', [raw2], [file('model.pkl', 'm2')], { params: { lr: 0.1, val_rows: 61 }, loggedParams: ['val_rows'] });
    const evaluate2 = run('evaluate', [file('model.pkl', 'm2')], []);
    const v = judge([train, evaluate, train2, evaluate2], raw2, file('model.pkl', 'm2'));
    assert.deepEqual(v.map((x) => [x.name, x.run, x.stale]), [['train', train2.id, false], ['evaluate', evaluate2.id, false]]);
    assert.deepEqual(currentRuns([train, train2]).map((r) => r.id), [train2.id]);
    const sweep = run('train', [raw2], [], { params: { lr: 0.2, val_rows: 61 }, loggedParams: ['val_rows'] });
    assert.equal(currentRuns([train2, sweep]).length, 2, 'a declared param still tells sweep points apart');
  });

  it('refuses a fresh run and a run that is history, saying why', () => {
    const old = run('train', [raw1], [], { params: { lr: 1 } });
    const current = run('train', [raw1], [], { params: { lr: 1 } });
    const v = judge([old, current], raw1);
    const fresh = staleChain(v, current.id);
    assert.ok(!fresh.ok && fresh.problem === 'fresh' && /up to date/.test(fresh.message));
    const history = staleChain(v, old.id);
    assert.ok(!history.ok && history.problem === 'not-judged' && /history/.test(history.message));
  });
});
