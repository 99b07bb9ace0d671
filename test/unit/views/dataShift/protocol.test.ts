// The Data Shift protocol's guards: what the page may send (a query with a known sort key and
// verdict, an export format) and what the host sends, rejecting anything else.
import * as assert from 'node:assert/strict';
import { isDataShiftQuery, isFromDataShift, isToDataShift } from '../../../../src/protocol/dataShift';

const query = { sort: 'effect', descending: true, text: 'age', verdict: 'drifted' };
const report = {
  title: 't', reference: { label: 'a', sha256: 'x', rows: 1, columns: 1 }, current: { label: 'b', sha256: 'y', rows: 1, columns: 1 },
  shifted: true, summary: 's', drifted: 1, total: 1, columns: [], schema: { added: [], removed: [], typeChanged: [] }, problems: [], checkedAt: 'now',
};

describe('Data Shift protocol guards', () => {
  it('accepts what the page sends', () => {
    for (const m of [{ type: 'ready' }, { type: 'refresh' }, { type: 'query', query }, { type: 'export', format: 'json' }, { type: 'export', format: 'csv' }]) {
      assert.ok(isFromDataShift(m), JSON.stringify(m));
    }
  });

  it('rejects malformed page messages', () => {
    for (const m of [null, 'ready', { type: 'nope' }, { type: 'export', format: 'xml' }, { type: 'query' }, { type: 'query', query: { ...query, sort: 'rm -rf' } },
      { type: 'query', query: { ...query, descending: 'yes' } }, { type: 'query', query: { ...query, verdict: 'maybe' } }, { type: 'query', query: { ...query, text: 3 } }]) {
      assert.equal(isFromDataShift(m), false, JSON.stringify(m));
    }
    assert.equal(isDataShiftQuery(query), true);
  });

  it('accepts what the host sends and rejects the malformed', () => {
    assert.ok(isToDataShift({ type: 'loading', title: 'x' }));
    assert.ok(isToDataShift({ type: 'error', message: 'x' }));
    assert.ok(isToDataShift({ type: 'order', query, order: [2, 0, 1] }));
    assert.ok(isToDataShift({ type: 'report', report, query, order: [] }));
    const file = { path: 'in/b.csv', shifted: true, summary: 's', rows: 3, drifted: [{ name: 'x', test: 'KS', statistic: '0.3', pValue: '0.01', nReference: 3, nCurrent: 3, effect: { name: 'KS D', value: '0.3' } }] };
    assert.ok(isToDataShift({ type: 'report', report: { ...report, files: [file] }, query, order: [] }));
    assert.ok(!isToDataShift({ type: 'report', report: { ...report, files: [{ ...file, rows: '3' }] }, query, order: [] }));
    assert.ok(!isToDataShift({ type: 'report', report: { ...report, files: [{ ...file, drifted: [{ name: 'x' }] }] }, query, order: [] }));
    assert.equal(isToDataShift({ type: 'order', query, order: ['0'] }), false);
    assert.equal(isToDataShift({ type: 'report', report: { ...report, columns: 'none' }, query, order: [] }), false);
    assert.equal(isToDataShift({ type: 'report', report, order: [] }), false);
    assert.equal(isToDataShift({ type: 'loading' }), false);
  });
});
