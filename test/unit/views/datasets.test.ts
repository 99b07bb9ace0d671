// The Datasets view's rows and the Data Diff payload: the workspace state in words, a version's
// short hash, files, size and readers/writers (names escaped), and the page's formatted sizes.
import * as assert from 'node:assert/strict';
import { type DatasetInfo } from '../../../src/core/lineage/datasets';
import { isFromDataDiff, isToDataDiff } from '../../../src/protocol/dataDiff';
import { dataDiffPayload, sizeText } from '../../../src/views/datasets/diffPayload';
import { datasetRow, versionRow } from '../../../src/views/datasets/rows';

const HASH = 'ab'.repeat(32);
const info = (over: Partial<DatasetInfo> = {}): DatasetInfo => ({
  spec: 'data/raw.csv', role: 'dataset', changed: false, missing: false,
  versions: [{ hash: HASH, files: 1, bytes: 2048, firstSeen: '2026-01-01T00:00:00Z', readBy: ['r1'], wroteBy: [], inWorkspace: true }],
  ...over,
});

describe('Datasets view rows', () => {
  it('says when the workspace changed or lost a path, and marks it', () => {
    assert.deepEqual([datasetRow(info()).description, datasetRow(info()).contextValue], ['1 version', 'dataset.dataset']);
    const changed = datasetRow(info({ changed: true }));
    assert.deepEqual([changed.description, changed.icon, changed.contextValue], ['changed since the last run', 'diff-modified', 'dataset.dataset.changed']);
    assert.equal(datasetRow(info({ missing: true, changed: true })).description, 'gone from the workspace');
  });

  it('shows a version by short hash with files, size and age, and escapes run names in its tooltip', () => {
    const d = info();
    const row = versionRow(d, d.versions[0] as DatasetInfo['versions'][number], () => '*evil* <b>', Date.parse('2026-01-01T01:00:00Z'));
    assert.equal(row.label, HASH.slice(0, 12));
    assert.equal(row.description, 'in workspace · 1 file · 2.0 KiB · 1h ago');
    assert.equal(row.contextValue, 'datasetVersion.current');
    assert.match(row.tooltip, /Read by: \\\*evil\\\* /);
    assert.doesNotMatch(row.tooltip, /<b>/);
  });
});

describe('Data Diff payload and protocol', () => {
  it('formats sizes once, and offers to open only files the workspace side holds', () => {
    assert.deepEqual([sizeText({ sizeA: null, sizeB: 10 }), sizeText({ sizeA: 10, sizeB: null }), sizeText({ sizeA: 1024, sizeB: 2048 })], ['10 B', '10 B', '1.0 KiB -> 2.0 KiB']);
    const side = { label: 'x', hash: null, workspace: true, files: 1, bytes: 1 };
    const p = dataDiffPayload({
      a: { ...side, workspace: false }, b: side, identical: false, counts: { added: 1, removed: 1, changed: 0, renamed: 0, same: 0 },
      files: [{ change: 'added', path: 'n', sizeA: null, sizeB: 1, notes: [] }, { change: 'removed', path: 'o', sizeA: 1, sizeB: null, notes: [] }],
    });
    assert.deepEqual(p.files.map((f) => f.openable), [true, false]);
  });

  it('guards messages both ways', () => {
    assert.equal(isFromDataDiff({ type: 'openFile', path: 'a' }), true);
    assert.equal(isFromDataDiff({ type: 'openFile', path: 3 }), false);
    assert.equal(isFromDataDiff({ type: 'run' }), false);
    assert.equal(isToDataDiff({ type: 'error', message: 'x' }), true);
    assert.equal(isToDataDiff({ type: 'diff', diff: {} }), false);
  });
});
