// The Lineage page's layout: each connected part laid out on its own, and a part shaped like one
// laid out before taken from the part cache, placed exactly where dagre would have put it.
import * as assert from 'node:assert/strict';
import { type LineageViewEdge, type LineageViewNode } from '../../../../src/protocol/lineage';
import { layoutGraph } from '../../../../webview/lineage/layout';
import { PartCache, partKey } from '../../../../webview/lineage/partCache';

const runNode = (id: string): LineageViewNode => ({ kind: 'run', id, runId: id, name: id, experiment: null, status: 'finished', metric: null, stale: [], trashed: false, pulled: false, focus: false });
const dataNode = (id: string): LineageViewNode => ({ kind: 'data', id, hash: id, shortHash: id, path: id, specs: [id], size: '1 B', files: 1, role: 'data', focus: false });

/** `rounds` pipelines raw -> prepare -> features -> 2 x (train -> model), the raw data new every `every` rounds. */
function pipeline(rounds: number, every: number, tag = ''): { nodes: LineageViewNode[]; edges: LineageViewEdge[] } {
  const nodes: LineageViewNode[] = [];
  const edges: LineageViewEdge[] = [];
  let raw = '';
  for (let r = 0; r < rounds; r++) {
    if (r % every === 0) nodes.push(dataNode((raw = `data:raw${tag}${r}`)));
    const prep = `run:prep${tag}${r}`;
    const feat = `data:feat${tag}${r}`;
    nodes.push(runNode(prep), dataNode(feat));
    edges.push({ from: raw, to: prep, kind: 'read' }, { from: prep, to: feat, kind: 'wrote' });
    for (let k = 0; k < 2; k++) {
      const train = `run:train${tag}${r}-${k}`;
      const model = `data:model${tag}${r}-${k}`;
      nodes.push(runNode(train), dataNode(model));
      edges.push({ from: feat, to: train, kind: 'read' }, { from: train, to: model, kind: 'wrote' });
    }
  }
  return { nodes, edges };
}

describe('lineage page layout', () => {
  it('gives parts of the same shape the same key, whatever their names, and others another', () => {
    const e = (from: string, to: string): LineageViewEdge => ({ from, to, kind: 'read' });
    const a = partKey(['x', 'y', 'z'], [e('x', 'y'), e('y', 'z')], false);
    assert.equal(partKey(['p', 'q', 'r'], [e('p', 'q'), e('q', 'r')], false), a);
    assert.notEqual(partKey(['p', 'q', 'r'], [e('p', 'q'), e('p', 'r')], false), a, 'another edge');
    assert.notEqual(partKey(['x', 'y', 'z'], [e('x', 'y'), e('y', 'z')], true), a, 'another mode');
    assert.notEqual(partKey(['x', 'y', 'z', 'w'], [e('x', 'y'), e('y', 'z')], false), a, 'another size');
  });

  it('lays out a repeated part once and places every copy as a fresh layout would', () => {
    // 12 rounds, new raw data every 3: four parts of one shape.
    const g = pipeline(12, 3);
    const cache = new PartCache();
    const cached = layoutGraph(g.nodes, g.edges, cache);
    assert.equal(cache.misses, 1, 'one shape laid out');
    assert.equal(cache.hits, 3, 'three parts taken from the cache');
    // Each part alone, in a cache of its own, is laid out by dagre: the same relative positions.
    for (let part = 0; part < 4; part++) {
      // A node's round is the first number in its id; rounds 3p..3p+2 make part p.
      const ids = new Set(g.nodes.filter((n) => Math.floor(Number(/(\d+)/.exec(n.id)?.[1]) / 3) === part).map((n) => n.id));
      const alone = layoutGraph(g.nodes.filter((n) => ids.has(n.id)), g.edges.filter((e) => ids.has(e.from)), new PartCache());
      const first = [...ids][0] as string;
      const dy = (cached.boxes.get(first)?.y ?? NaN) - (alone.boxes.get(first)?.y ?? NaN);
      for (const id of ids) {
        assert.deepEqual(cached.boxes.get(id), { x: alone.boxes.get(id)?.x, y: (alone.boxes.get(id)?.y ?? NaN) + dy }, id);
      }
    }
  });

  it('keeps shapes across layouts (a live update lays out only the new part) and keeps parts apart', () => {
    const cache = new PartCache();
    const before = pipeline(2, 1);
    layoutGraph(before.nodes, before.edges, cache);
    assert.equal(cache.misses, 1);
    const after = pipeline(3, 1);
    const l = layoutGraph(after.nodes, after.edges, cache);
    assert.equal(cache.misses, 1, 'the new round has the shape of the others');
    assert.equal(cache.hits, 4);
    // No two boxes overlap.
    const boxes = [...l.boxes.values()];
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i] as { x: number; y: number };
        const b = boxes[j] as { x: number; y: number };
        assert.ok(Math.abs(a.x - b.x) >= 230 || Math.abs(a.y - b.y) >= 52, `boxes ${i} and ${j} overlap`);
      }
    }
  });
});
