// The Lineage webview protocol's guards: what the host sends passes; malformed or foreign
// messages from the page are refused before any handler sees them.
import * as assert from 'node:assert/strict';
import { isLineageFromWebview, isLineageToWebview, type LineageGraphMessage } from '../../../../src/protocol/lineage';

describe('lineage protocol guards', () => {
  const graph: LineageGraphMessage = {
    type: 'graph', scope: { kind: 'run', label: 'Lineage of a' }, whole: false, canRevealData: false, notes: [],
    nodes: [
      { kind: 'run', id: 'run:1', runId: '1', name: 'a', experiment: null, status: 'finished', metric: 'loss 1', stale: [], trashed: false, pulled: false, focus: true },
      { kind: 'data', id: 'data:h', hash: 'h', shortHash: 'h', path: 'p', specs: ['p'], size: '1 B', files: 1, role: 'model', focus: false },
    ],
    edges: [{ from: 'run:1', to: 'data:h', kind: 'wrote' }],
  };

  it('accepts a graph message and refuses one with a bad node or edge', () => {
    assert.ok(isLineageToWebview(graph));
    assert.ok(!isLineageToWebview({ ...graph, nodes: [{ ...graph.nodes[0], status: 'exploded' }] }));
    assert.ok(!isLineageToWebview({ ...graph, nodes: [{ ...graph.nodes[1], role: 'weird' }] }));
    assert.ok(!isLineageToWebview({ ...graph, edges: [{ from: 'a', to: 1, kind: 'read' }] }));
    assert.ok(!isLineageToWebview({ ...graph, type: 'other' }));
  });

  it('accepts each page request and refuses malformed ones', () => {
    for (const m of [
      { type: 'ready' }, { type: 'openRun', runId: 'x' }, { type: 'compareRuns', runIds: ['a', 'b'] }, { type: 'revealData', hash: 'h', path: 'p' },
      { type: 'setWhole', whole: true }, { type: 'exportSvg', svg: '<svg/>' }, { type: 'exportPng', dataUrl: 'data:image/png;base64,AAAA' },
      { type: 'rendered', nodes: 1, edges: 0, layoutMs: 1, drawMs: 2 }, { type: 'compareDataShift', hash: 'a'.repeat(64), path: 'data/raw.csv' },
    ]) assert.ok(isLineageFromWebview(m), JSON.stringify(m));
    for (const m of [
      null, 'ready', { type: 'openRun' }, { type: 'openRun', runId: 3 }, { type: 'compareRuns', runIds: 'a' }, { type: 'setWhole', whole: 'yes' },
      { type: 'exportPng', dataUrl: 'javascript:alert(1)' }, { type: 'rendered', nodes: '1', edges: 0, layoutMs: 1, drawMs: 2 }, { type: 'runCommand', command: 'x' },
      { type: 'compareDataShift', hash: 'a'.repeat(64) }, { type: 'compareDataShift', hash: 'abc', path: 'data/raw.csv' },
      { type: 'compareDataShift', hash: 'a'.repeat(64), path: '' }, { type: 'compareDataShift', hash: 7, path: 'data/raw.csv' },
    ]) assert.ok(!isLineageFromWebview(m), JSON.stringify(m));
  });
});
