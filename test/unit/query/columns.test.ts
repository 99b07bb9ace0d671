// Sorting by any column of the Runs Table (core's runColumnValue and sortRunsByColumns): built-in
// columns, params, metric summaries, code and data; several keys; missing values last in both
// directions; and the same order as the tree's sortRuns for a metric.
import * as assert from 'node:assert/strict';
import { reproductionVerdicts, runColumnValue, sortRunsByColumns } from '../../../src/core/query/columns';
import { sortRuns } from '../../../src/core/query/sort';
import { type RunManifest } from '../../../src/core/model';
import { type RunSummary, summarize } from '../../../src/core/store/summary';
import { metric, run as manifest } from './helpers';

const ids = (runs: readonly RunSummary[]): string[] => runs.map((r) => r.id);
const run = (...args: Parameters<typeof manifest>): RunSummary => summarize(manifest(...args));

describe('table columns: values and sorting', () => {
  const a = run('20240101-a', { name: 'alpha', params: { lr: 0.1, model: 'vit' }, metrics: { loss: metric(0.5, 0.2, 0.9) }, tags: ['x'] });
  const b = run('20240102-b', { name: 'beta', params: { lr: 0.01, model: 'resnet' }, metrics: { loss: metric(0.3, 0.3, 0.7) } });
  const c = run('20240103-c', { name: 'Gamma', params: { lr: 0.001 }, metrics: {} });
  const d = run('20240104-d', { name: 'delta', params: { lr: 0.05, model: 'vit' }, metrics: { loss: metric(NaN, 0.1, 0.8) }, status: 'failed' });

  it('reads built-in columns, params, metric summaries, code and data', () => {
    const withCode = summarize({ ...manifest(a.id, { name: 'alpha', params: { lr: 0.1, model: 'vit' }, metrics: { loss: metric(0.5, 0.2, 0.9) }, tags: ['x'] }), code: { status: 'ok', commit: 'abc123', branch: 'main', detached: false, remote: null, dirty: true, changed: [], untracked: [] } as unknown as RunManifest['code'],
      data: { hashing: true, datasets: [{ spec: 'data/', hash: 'ff00', files: 1, bytes: 1, errors: 0, skipped: 0, missing: false }], outputs: [], warnings: [] } });
    assert.equal(runColumnValue(withCode, 'name'), 'alpha');
    assert.equal(runColumnValue(withCode, 'param:lr'), 0.1);
    assert.equal(runColumnValue(withCode, 'metric:loss'), 0.5);
    assert.equal(runColumnValue(withCode, 'metric:loss', 'min'), 0.2);
    assert.equal(runColumnValue(withCode, 'metric:loss', 'max'), 0.9);
    assert.equal(runColumnValue(withCode, 'code.commit'), 'abc123');
    assert.equal(runColumnValue(withCode, 'code.dirty'), true);
    assert.equal(runColumnValue(withCode, 'data:data/'), 'ff00');
    assert.equal(runColumnValue(withCode, 'tags'), 'x');
    assert.equal(runColumnValue(c, 'metric:loss'), undefined);
    assert.equal(runColumnValue(c, 'param:model'), undefined);
    assert.equal(runColumnValue(c, 'no-such-column'), undefined);
  });

  it('sorts by a param in both directions, text case-insensitively, missing values last', () => {
    assert.deepEqual(ids(sortRunsByColumns([a, b, c, d], [{ column: 'param:lr', direction: 'asc' }])), [c.id, b.id, d.id, a.id]);
    assert.deepEqual(ids(sortRunsByColumns([a, b, c, d], [{ column: 'param:lr', direction: 'desc' }])), [a.id, d.id, b.id, c.id]);
    assert.deepEqual(ids(sortRunsByColumns([a, b, c, d], [{ column: 'name', direction: 'asc' }])), [a.id, b.id, d.id, c.id]);
    // c has no model: last in both directions.
    assert.equal(sortRunsByColumns([a, b, c, d], [{ column: 'param:model', direction: 'asc' }]).at(-1)?.id, c.id);
    assert.equal(sortRunsByColumns([a, b, c, d], [{ column: 'param:model', direction: 'desc' }]).at(-1)?.id, c.id);
  });

  it('breaks ties with the next key, then newest first', () => {
    const sorted = sortRunsByColumns([a, b, c, d], [{ column: 'param:model', direction: 'desc' }, { column: 'param:lr', direction: 'asc' }]);
    assert.deepEqual(ids(sorted), [d.id, a.id, b.id, c.id]);
    assert.deepEqual(ids(sortRunsByColumns([a, b, c, d], [])), [d.id, c.id, b.id, a.id]);
  });

  it('sorts a metric by the summary asked for, non-finite values last', () => {
    assert.deepEqual(ids(sortRunsByColumns([a, b, c, d], [{ column: 'metric:loss', direction: 'asc' }])), [b.id, a.id, d.id, c.id]);
    assert.deepEqual(ids(sortRunsByColumns([a, b, c, d], [{ column: 'metric:loss', direction: 'asc', aggregate: 'min' }])), [d.id, a.id, b.id, c.id]);
  });

  it('orders a metric exactly as the tree and `runlens ls --sort` do', () => {
    const many = Array.from({ length: 40 }, (_, i) => run(`2024${String(i).padStart(4, '0')}`, { metrics: i % 7 === 0 ? {} : { acc: metric((i * 37) % 11) } }));
    for (const direction of ['asc', 'desc'] as const) {
      assert.deepEqual(ids(sortRunsByColumns(many, [{ column: 'metric:acc', direction }])), ids(sortRuns(many, { by: 'metric', metric: 'acc', direction })));
    }
  });

  it('sorts originals by their newest judged reproduction\'s verdict, as the reproduction column shows it', () => {
    const original = run('20240101-o', { name: 'orig' });
    const other = run('20240102-p', { name: 'plain' });
    const repro = (id: string, verdict: 'reproduced' | 'diverged' | undefined): RunSummary => ({ ...run(id), reproducedFrom: original.id, ...(verdict ? { verdict } : {}) });
    // An older reproduction diverged, the newest judged one reproduced, the newest of all has no verdict yet.
    const runs = [original, other, repro('20240103-r1', 'diverged'), repro('20240104-r2', 'reproduced'), repro('20240105-r3', undefined)];
    const verdicts = reproductionVerdicts(runs);
    assert.deepEqual([...verdicts], [[original.id, 'reproduced']]);
    assert.equal(runColumnValue(original, 'repro', 'last', { verdicts }), 'reproduced');
    assert.equal(runColumnValue(other, 'repro', 'last', { verdicts }), undefined);
    const sorted = ids(sortRunsByColumns(runs, [{ column: 'repro', direction: 'asc' }], { verdicts }));
    // "diverged" < "reproduced"; runs without a verdict last, newest first.
    assert.deepEqual(sorted, ['20240103-r1', '20240104-r2', original.id, '20240105-r3', other.id]);
  });
});
