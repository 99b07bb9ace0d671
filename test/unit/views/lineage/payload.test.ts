// The Lineage view's model: which part of the graph a view focused on a run, a file or the project
// shows, and each node as the page draws it (status, primary metric, size, role, stale reasons).
import * as assert from 'node:assert/strict';
import { buildLineage } from '../../../../src/core/lineage/graph';
import { type StaleVerdict } from '../../../../src/core/lineage/stale';
import { targetFromPath } from '../../../../src/core/lineage/query';
import { type RunManifest } from '../../../../src/core/model';
import { newManifest } from '../../../../src/core/store/manifest';
import { type LineageDataNode, type LineageRunNode } from '../../../../src/protocol/lineage';
import { buildLineagePayload, lineageAnswer, type LineageFocus } from '../../../../src/views/lineage/payload';
import { file, run } from '../../lineage/fixtures';

describe('lineage view payload', () => {
  // raw -> prepare -> feat -> train -> model.pt -> evaluate -> report; an unrelated run beside them.
  const prepare = run('prepare', [file('data/raw.csv', 'raw1')], [file('data/feat.csv', 'feat1')]);
  const train = run('train', [file('data/feat.csv', 'feat1')], [file('models/model.pt', 'weights1')]);
  const evaluate = run('evaluate', [file('models/model.pt', 'weights1')], [file('report.json', 'rep1')]);
  const other = run('other', [file('elsewhere.csv', 'x')], []);
  const records = [prepare, train, evaluate, other];
  const graph = buildLineage(records);
  const manifests = new Map<string, RunManifest>();
  for (const r of records) {
    const m = newManifest({ experiment: r.experiment, command: [...r.command], shell: false, cwd: '/w', params: {}, env: {} }, r.id, r.name, new Date(r.createdAt));
    m.metrics = { loss: { count: 3, last: 0.123456, lastStep: 2, min: 0.1, max: 1, nonFinite: 0 } };
    manifests.set(r.id, m);
  }
  const payload = (focus: LineageFocus, whole = false, verdicts: StaleVerdict[] = []) => buildLineagePayload({
    answer: lineageAnswer(graph, records, focus, whole), scope: { kind: focus.kind, label: 'x' }, whole, verdicts,
    manifest: (id) => manifests.get(id), primaryOf: () => 'loss', canRevealData: false,
  });
  const runNames = (nodes: readonly { kind: string }[]): string[] => nodes.filter((n): n is LineageRunNode => n.kind === 'run').map((n) => n.name).sort();

  it('focused on a run: its ancestry and descendants, not unrelated runs; the run marked as the focus', () => {
    const p = payload({ kind: 'run', runId: train.id });
    assert.deepEqual(runNames(p.nodes), ['evaluate', 'prepare', 'train']);
    assert.deepEqual(p.nodes.filter((n) => n.focus).map((n) => n.id), [`run:${train.id}`]);
    assert.ok(p.edges.some((e) => e.kind === 'read' && e.to === `run:${train.id}`));
    assert.ok(p.edges.every((e) => p.nodes.some((n) => n.id === e.from) && p.nodes.some((n) => n.id === e.to)));
  });

  it('the whole project toggle shows every run', () => {
    assert.deepEqual(runNames(payload({ kind: 'run', runId: train.id }, true).nodes), ['evaluate', 'other', 'prepare', 'train']);
    assert.deepEqual(runNames(payload({ kind: 'project' }).nodes), ['evaluate', 'other', 'prepare', 'train']);
  });

  it('focused on a model file: back to the raw data and forward to what read it, the model version the focus', () => {
    const p = payload({ kind: 'data', path: 'models/model.pt', target: targetFromPath(records, 'models/model.pt') });
    assert.deepEqual(runNames(p.nodes), ['evaluate', 'prepare', 'train']);
    const model = p.nodes.find((n): n is LineageDataNode => n.kind === 'data' && n.path === 'models/model.pt');
    assert.equal(model?.focus, true);
    assert.equal(model?.role, 'model');
    assert.ok(p.nodes.some((n) => n.kind === 'data' && n.path === 'data/raw.csv'));
  });

  it('formats nodes: primary metric by core\'s formatter, short hash, size, roles', () => {
    const p = payload({ kind: 'project' });
    const t = p.nodes.find((n): n is LineageRunNode => n.kind === 'run' && n.name === 'train');
    assert.equal(t?.metric, 'loss 0.1235');
    assert.equal(t?.status, 'finished');
    const raw = p.nodes.find((n): n is LineageDataNode => n.kind === 'data' && n.path === 'data/raw.csv');
    assert.equal(raw?.role, 'data');
    assert.equal(raw?.size, '4 B');
    assert.equal(raw?.shortHash, raw?.hash.slice(0, 12));
    const feat = p.nodes.find((n): n is LineageDataNode => n.kind === 'data' && n.path === 'data/feat.csv');
    assert.equal(feat?.role, 'output');
    const report = p.nodes.find((n): n is LineageDataNode => n.kind === 'data' && n.path === 'report.json');
    assert.equal(report?.role, 'output');
  });

  it('an output named as a model (model.json, a models/ folder, a model file type) is drawn as a model', () => {
    const named = (spec: string): string | undefined => {
      const r = run('w', [], [file(spec, `${spec}-content`)]);
      const n = buildLineagePayload({
        answer: lineageAnswer(buildLineage([r]), [r], { kind: 'project' }, false), scope: { kind: 'project', label: 'x' }, whole: false, verdicts: [],
        manifest: () => undefined, primaryOf: () => undefined, canRevealData: false,
      }).nodes.find((x): x is LineageDataNode => x.kind === 'data');
      return n?.role;
    };
    assert.deepEqual(['outputs/model.json', 'models/best', 'out/clf.joblib', 'out/remodel.csv', 'out/modelling.csv'].map(named), ['model', 'model', 'model', 'output', 'output']);
  });

  it('marks stale runs with core\'s reasons, and only stale ones', () => {
    const verdicts: StaleVerdict[] = [
      { run: prepare.id, name: 'prepare', experiment: 'prepare', current: true, stale: true, reasons: [{ kind: 'data-changed', spec: 'data/raw.csv', missing: false, files: null, message: 'data/raw.csv changed since the run read it' }] },
      { run: train.id, name: 'train', experiment: 'train', current: true, stale: false, reasons: [] },
    ];
    const p = payload({ kind: 'project' }, false, verdicts);
    const stale = Object.fromEntries(p.nodes.filter((n): n is LineageRunNode => n.kind === 'run').map((n) => [n.name, n.stale]));
    assert.deepEqual(stale.prepare, ['data/raw.csv changed since the run read it']);
    assert.deepEqual(stale.train, []);
  });

  it('a run without a manifest or primary metric has no metric; names stay as recorded', () => {
    const hostile = run('<img src=x onerror=alert(1)>', [], []);
    const g = buildLineage([hostile]);
    const p = buildLineagePayload({
      answer: lineageAnswer(g, [hostile], { kind: 'project' }, false), scope: { kind: 'project', label: 'x' }, whole: true, verdicts: [],
      manifest: () => undefined, primaryOf: () => 'loss', canRevealData: true,
    });
    const n = p.nodes[0] as LineageRunNode;
    assert.equal(n.name, '<img src=x onerror=alert(1)>');
    assert.equal(n.metric, null);
  });
});
