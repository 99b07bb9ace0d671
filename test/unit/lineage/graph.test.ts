// The lineage graph: links by content (whole version or file), diamonds, folders, renames,
// self-rewriting runs, trash, runs without data, and the queries up and down.
import * as assert from 'node:assert/strict';
import { buildLineage } from '../../../src/core/lineage/graph';
import { dataLineage, runLineage, targetFromPath, topologicalRuns, walkRuns } from '../../../src/core/lineage/query';
import { type LineageGraph } from '../../../src/core/lineage/types';
import { file, run, sha, ver } from './fixtures';

function runIds(g: LineageGraph): string[] {
  return g.nodes.filter((n) => n.kind === 'run').map((n) => (n.kind === 'run' ? n.run.name : ''));
}

function linkNames(g: LineageGraph, records: { id: string; name: string }[]): string[] {
  const name = (id: string): string => records.find((r) => r.id === id)?.name ?? id;
  return g.links.map((l) => `${name(l.from)}->${name(l.to)}`).sort();
}

describe('lineage graph', () => {
  it('chains prepare -> train -> evaluate through the files they write and read', () => {
    const prepare = run('prepare', [file('data/raw.csv', 'raw1')], [file('data/features.csv', 'f1')]);
    const train = run('train', [file('data/features.csv', 'f1')], [file('model.pkl', 'm1')]);
    const evaluate = run('evaluate', [file('model.pkl', 'm1')], [file('report.json', 'r1')]);
    const all = [evaluate, train, prepare];
    const g = buildLineage(all);
    assert.deepEqual(linkNames(g, all), ['prepare->train', 'train->evaluate']);
    assert.deepEqual(topologicalRuns(g), [prepare.id, train.id, evaluate.id]);
    assert.deepEqual([...walkRuns(g, [evaluate.id], 'up')].sort(), [prepare.id, train.id].sort());
    assert.deepEqual([...walkRuns(g, [prepare.id], 'down')].sort(), [evaluate.id, train.id].sort());
    const kinds = g.edges.map((e) => e.kind).sort();
    assert.deepEqual(kinds, ['read', 'read', 'read', 'wrote', 'wrote', 'wrote']);
  });

  it('links a diamond: two branches from one source meet in one run', () => {
    const src = run('src', [], [file('a.csv', 'A'), file('b.csv', 'B')]);
    const left = run('left', [file('a.csv', 'A')], [file('l.csv', 'L')]);
    const right = run('right', [file('b.csv', 'B')], [file('r.csv', 'R')]);
    const join = run('join', [file('l.csv', 'L'), file('r.csv', 'R')], [file('out.csv', 'O')]);
    const all = [src, left, right, join];
    const g = buildLineage(all);
    assert.deepEqual(linkNames(g, all), ['left->join', 'right->join', 'src->left', 'src->right']);
    const up = runLineage(g, join.id, 'up');
    assert.deepEqual(runIds(up).sort(), ['join', 'left', 'right', 'src']);
    const down = runLineage(g, left.id, 'down');
    assert.deepEqual(runIds(down).sort(), ['join', 'left']);
  });

  it('links a renamed file by its content and draws a content edge between the two versions', () => {
    const a = run('writer', [], [file('out/model.pkl', 'weights')]);
    const b = run('reader', [file('models/best.pkl', 'weights')], []);
    const g = buildLineage([a, b]);
    assert.deepEqual(g.links.map((l) => [l.from, l.to, l.spec, l.files]), [[a.id, b.id, 'models/best.pkl', 1]]);
    const content = g.edges.filter((e) => e.kind === 'content');
    assert.equal(content.length, 1);
    assert.equal(content[0]?.from, `data:${a.outputs[0]?.hash}`);
    assert.equal(content[0]?.to, `data:${b.datasets[0]?.hash}`);
  });

  it('links a file inside a folder dataset to the run that wrote it, counting the files', () => {
    const a = run('featurize', [], [file('feat/train.csv', 'T'), file('feat/test.csv', 'S')]);
    const b = run('train', [ver('feat', { 'feat/train.csv': 'T', 'feat/test.csv': 'S', 'feat/notes.md': 'n' })], []);
    const g = buildLineage([a, b]);
    assert.deepEqual(g.links.map((l) => [l.from, l.to, l.spec]), [[a.id, b.id, 'feat'], [a.id, b.id, 'feat']]);
    assert.deepEqual(g.links.map((l) => l.files), [1, 1]);
  });

  it('does not link runs through empty files (every empty file has the same hash)', () => {
    const a = run('a', [], [ver('x', { 'x/.keep': '', 'x/a': 'a' })]);
    const b = run('b', [ver('y', { 'y/.keep': '', 'y/b': 'b' })], []);
    assert.deepEqual(buildLineage([a, b]).links, []);
  });

  it('makes no loop when a run rewrites its own input, or writes back what it read', () => {
    const first = run('clean', [file('data.csv', 'v1')], [file('data.csv', 'v2')]);
    const second = run('clean', [file('data.csv', 'v2')], [file('data.csv', 'v3')]);
    const same = run('noop', [file('data.csv', 'v3')], [file('data.csv', 'v3')]);
    const all = [first, second, same];
    const g = buildLineage(all);
    assert.deepEqual(g.links.map((l) => [l.from, l.to]), [[first.id, second.id], [second.id, same.id]]);
    assert.ok(!g.edges.some((e) => e.kind === 'wrote' && e.from === `run:${same.id}`), 'no edge back to what it read');
    assert.ok(g.links.every((l) => l.from < l.to), 'links go from older to newer runs');
  });

  it('links to the latest older writer of the content, never to a newer one', () => {
    const reader = run('early-reader', [file('m.pkl', 'M')], []);
    const w1 = run('writer1', [], [file('m.pkl', 'M')]);
    const w2 = run('writer2', [], [file('m.pkl', 'M')]);
    const late = run('late-reader', [file('copy.pkl', 'M')], []);
    const g = buildLineage([reader, w1, w2, late]);
    assert.deepEqual(g.links.map((l) => [l.from, l.to]), [[w2.id, late.id]]);
  });

  it('leaves trashed runs out by default and flags them when asked', () => {
    const a = run('a', [], [file('f', 'F')]);
    const t = run('trashed', [file('f', 'F')], [file('g', 'G')], { trashed: true });
    const b = run('b', [file('g', 'G')], []);
    const without = buildLineage([a, t, b]);
    assert.deepEqual(runIds(without), ['a', 'b']);
    assert.deepEqual(without.links, []);
    const withTrash = buildLineage([a, t, b], { includeTrash: true });
    const node = withTrash.nodes.find((n) => n.kind === 'run' && n.run.id === t.id);
    assert.equal(node?.kind === 'run' && node.run.trashed, true);
    assert.equal(withTrash.links.length, 2);
  });

  it('keeps runs without data as lone nodes, and pulled runs flagged', () => {
    const none = run('none', [], [], { data: 'none' });
    const off = run('off', [], [], { data: 'off', pulled: true });
    const g = buildLineage([none, off]);
    assert.deepEqual(runIds(g), ['none', 'off']);
    assert.equal(g.edges.length, 0);
    assert.deepEqual(g.nodes.map((n) => n.kind === 'run' && [n.run.data, n.run.pulled]), [['none', false], ['off', true]]);
  });

  it('falls back to the version hash when a run kept no per-file manifest', () => {
    const a = run('a', [], [{ ...file('m', 'M'), files: null }]);
    const b = run('b', [{ ...file('m', 'M'), files: null }], []);
    assert.deepEqual(buildLineage([a, b]).links.map((l) => [l.from, l.to]), [[a.id, b.id]]);
  });

  it('answers "where did this model come from" and "what did this data affect" by path and by content', () => {
    const prepare = run('prepare', [file('raw.csv', 'raw')], [file('feat.csv', 'f')]);
    const train = run('train', [file('feat.csv', 'f')], [file('model.pkl', 'm')]);
    const other = run('other', [file('else.csv', 'e')], []);
    const all = [prepare, train, other];
    const g = buildLineage(all);
    const up = dataLineage(g, all, targetFromPath(all, 'model.pkl'), 'up');
    assert.deepEqual(runIds(up), ['prepare', 'train']);
    assert.ok(up.nodes.some((n) => n.kind === 'data' && n.specs.includes('raw.csv')), 'back to the raw data');
    const down = dataLineage(g, all, { hashes: new Set(), files: new Set([sha('raw')]) }, 'down');
    assert.deepEqual(runIds(down), ['prepare', 'train']);
    assert.deepEqual(runIds(dataLineage(g, all, targetFromPath(all, 'nothing'), 'both')), []);
  });
});
