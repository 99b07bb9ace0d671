// Sorting and filtering a drift report's columns (core's one implementation, which the Data Shift
// view's host applies): the default order, every direction, missing values last, and the filters.
import * as assert from 'node:assert/strict';
import { DEFAULT_DRIFT_QUERY, keepsColumn, queryColumns, type DriftColumnQuery } from '../../../src/core/drift/columnQuery';
import { type ColumnDrift, type DriftTest } from '../../../src/core/drift/types';

function col(name: string, test: DriftTest, drifted: boolean, effect: number, pValue?: number): ColumnDrift {
  return {
    name, type: test === 'ks' || test === 'wasserstein' ? 'numeric' : 'categorical', test, statistic: effect, ...(pValue === undefined ? {} : { pValue }),
    threshold: pValue === undefined ? 0.1 : 0.05, drifted, nReference: 100, nCurrent: 90, effectSize: { name: 'e', value: effect }, psi: effect / 2,
    missingShare: { reference: 0, current: 0 }, exact: true,
  };
}

const COLUMNS: ColumnDrift[] = [
  col('Age', 'ks', false, 0.05, 0.6),
  col('income', 'wasserstein', true, 0.3),
  col('notes', 'none', false, 0),
  col('city', 'chi-squared', true, 0.5, 0.001),
  col('score', 'jensen-shannon', false, 0.02),
];

const names = (q: Partial<DriftColumnQuery>): string[] => queryColumns(COLUMNS, { ...DEFAULT_DRIFT_QUERY, ...q }).map((i) => (COLUMNS[i] as ColumnDrift).name);

describe('drift column query', () => {
  it('opens with drifted columns first, the largest effect first, untested last', () => {
    assert.deepEqual(names({}), ['city', 'income', 'Age', 'score', 'notes']);
  });

  it('sorts by name either way, ignoring case', () => {
    assert.deepEqual(names({ sort: 'name', descending: false }), ['Age', 'city', 'income', 'notes', 'score']);
    assert.deepEqual(names({ sort: 'name', descending: true }), ['score', 'notes', 'income', 'city', 'Age']);
  });

  it('puts columns without a p-value last in both directions', () => {
    assert.deepEqual(names({ sort: 'pValue', descending: false }).slice(0, 2), ['city', 'Age']);
    assert.deepEqual(names({ sort: 'pValue', descending: true }).slice(0, 2), ['Age', 'city']);
  });

  it('sorts by effect size, an untested column last', () => {
    assert.deepEqual(names({ sort: 'effect', descending: true }), ['city', 'income', 'Age', 'score', 'notes']);
    assert.deepEqual(names({ sort: 'effect', descending: false }), ['score', 'Age', 'income', 'city', 'notes']);
  });

  it('filters by a piece of the name, ignoring case, and by verdict', () => {
    assert.deepEqual(names({ text: 'C' }), ['city', 'income', 'score']);
    assert.deepEqual(names({ verdict: 'drifted' }), ['city', 'income']);
    assert.deepEqual(names({ verdict: 'stable' }), ['Age', 'score']);
    assert.deepEqual(names({ verdict: 'untested' }), ['notes']);
    assert.deepEqual(names({ text: 'zzz' }), []);
    assert.equal(keepsColumn(COLUMNS[0] as ColumnDrift, { text: '  age ', verdict: 'all' }), true);
  });
});
