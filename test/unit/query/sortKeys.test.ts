// The column sort on precomputed keys (core/query/sortKeys.ts) gives the order the rule gives when
// values are compared one comparison at a time (the implementation it replaced, kept here as the
// reference) and the tree's sortRuns for a metric: on generated runs with ties, missing values,
// null, NaN and ±Infinity, booleans, texts differing only in case, numeric texts and mixed columns.
import * as assert from 'node:assert/strict';
import { columnAccessor, type ColumnSortKey, sortRunsByColumns } from '../../../src/core/query/columns';
import { sortRuns } from '../../../src/core/query/sort';
import { idRanks, sortColumn, sortPositions } from '../../../src/core/query/sortKeys';
import { type ParamValue } from '../../../src/core/model';
import { type RunSummary, summarize } from '../../../src/core/store/summary';
import { metric, run as manifest } from './helpers';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** The rule as the comparator-per-comparison implementation applied it. */
function reference(runs: readonly RunSummary[], keys: readonly ColumnSortKey[]): string[] {
  const present = (v: ParamValue | undefined): v is Exclude<ParamValue, null> => v !== undefined && v !== null && (typeof v !== 'number' || Number.isFinite(v));
  const compare = (a: ParamValue, b: ParamValue): number => {
    const na = typeof a === 'boolean' ? Number(a) : a;
    const nb = typeof b === 'boolean' ? Number(b) : b;
    if (typeof na === 'number' && typeof nb === 'number') return na - nb;
    if (typeof na === 'number') return -1;
    if (typeof nb === 'number') return 1;
    return collator.compare(String(na), String(nb));
  };
  const values = keys.map((k) => runs.map(columnAccessor(k.column, k.aggregate)));
  return runs.map((_, i) => i).sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const va = values[i]?.[a];
      const vb = values[i]?.[b];
      const pa = present(va);
      const pb = present(vb);
      if (!pa || !pb) {
        if (pa !== pb) return pa ? -1 : 1;
        continue;
      }
      const c = compare(va, vb) * (keys[i]?.direction === 'asc' ? 1 : -1);
      if (c !== 0) return c;
    }
    const ia = runs[a]?.id ?? '';
    const ib = runs[b]?.id ?? '';
    return ia < ib ? 1 : ia > ib ? -1 : 0;
  }).map((i) => runs[i]?.id ?? '');
}

/** A small deterministic generator (the same runs every time). */
function* pseudoRandom(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield x / 2 ** 31;
  }
}

const MIXED: readonly (ParamValue | undefined)[] = [
  0, -0, 1, 1, 2.5, -3, 1e-9, NaN, Infinity, -Infinity, null, undefined, true, false, 'vit', 'Vit', 'resnet', 'x10', 'x9', 'X9', '', '10', 'é', 'e',
];

function generated(count: number): RunSummary[] {
  const random = pseudoRandom(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random.next().value * list.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const params: Record<string, ParamValue> = {};
    for (const [name, values] of [['mixed', MIXED], ['lr', [0.1, 0.01, 0.001, undefined]], ['model', ['vit', 'ViT', 'resnet', undefined, null]]] as const) {
      const v = pick<ParamValue | undefined>(values);
      if (v !== undefined) params[name] = v;
    }
    const acc = pick([0.5, 0.25, 0.25, NaN, Infinity, -Infinity, undefined]);
    // Ids out of creation order in the list: ties must still come out newest first.
    const id = `2024${String((i * 7919) % count).padStart(5, '0')}`;
    return summarize(manifest(id, { name: pick(['a', 'B', 'b', 'run 10', 'run 9']), params, metrics: acc === undefined ? {} : { acc: metric(acc, acc / 2, acc * 2) } }));
  });
}

describe('column sort on precomputed keys', () => {
  const runs = generated(400);
  const columns = ['param:mixed', 'param:lr', 'param:model', 'metric:acc', 'name'];

  it('orders by one, two and three keys in both directions exactly as value-by-value comparison does', () => {
    for (const first of columns) {
      for (const second of [undefined, ...columns.filter((c) => c !== first)]) {
        for (const directions of [['asc', 'asc'], ['desc', 'asc'], ['asc', 'desc'], ['desc', 'desc']] as const) {
          const keys: ColumnSortKey[] = [{ column: first, direction: directions[0] }];
          if (second) keys.push({ column: second, direction: directions[1] }, { column: 'param:lr', direction: 'desc' });
          assert.deepEqual(sortRunsByColumns(runs, keys).map((r) => r.id), reference(runs, keys), JSON.stringify(keys));
        }
      }
    }
    for (const aggregate of ['min', 'max'] as const) {
      const keys: ColumnSortKey[] = [{ column: 'metric:acc', direction: 'asc', aggregate }];
      assert.deepEqual(sortRunsByColumns(runs, keys).map((r) => r.id), reference(runs, keys));
    }
  });

  it('orders a metric as the tree and `runlens ls --sort` do, and no key newest first', () => {
    for (const direction of ['asc', 'desc'] as const) {
      assert.deepEqual(sortRunsByColumns(runs, [{ column: 'metric:acc', direction }]).map((r) => r.id), sortRuns(runs, { by: 'metric', metric: 'acc', direction }).map((r) => r.id));
    }
    assert.deepEqual(sortRunsByColumns(runs, []).map((r) => r.id), sortRuns(runs, { by: 'newest' }).map((r) => r.id));
  });

  it('ranks texts equal by the collator equally, numbers by value, and keeps missing, null and non-finite values apart', () => {
    const column = sortColumn(['b', 'B', 'a', 'x10', 'x9', 3, true, null, undefined, NaN, -Infinity]);
    assert.deepEqual([...column.kind], [1, 1, 1, 1, 1, 0, 0, 2, 2, 2, 2]);
    assert.deepEqual([...column.key.slice(0, 7)], [1, 1, 0, 3, 2, 3, 1]);
    // Positions 0 and 1 tie on the key ('b' and 'B'): the larger tie value comes first.
    assert.deepEqual(sortPositions([0, 1, 2], [{ column, direction: 'asc' }], [5, 9, 0]), [2, 1, 0]);
    assert.deepEqual([...idRanks(['20240102', '20240101', '20240103', '20240101'])], [1, 0, 2, 0]);
  });
});
