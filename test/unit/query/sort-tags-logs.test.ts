// Sorting runs (newest, name, metric with missing values last), tag list edits over several runs,
// and the log tail shown in the log editor (cut at a line, lenient UTF-8, no ANSI codes).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readLogTail, renderLogTail, stripAnsi } from '../../../src/core/logs/tail';
import { asRunSort, describeSort, metricNames, sortRuns } from '../../../src/core/query/sort';
import { applyTagEdit, commonTags, invalidTagList, parseTagList } from '../../../src/core/query/tags';
import { run } from './helpers';

const RUNS = [
  run('01', { name: 'run-10', metrics: { acc: 0.7, loss: 0.3 } }),
  run('02', { name: 'run-9', metrics: { acc: NaN } }),
  run('03', { name: 'Run-2', metrics: { acc: 0.9 } }),
  run('04', { name: 'run-1' }),
  run('05', { name: 'run-3', metrics: { acc: 0.7 } }),
];

describe('sorting runs', () => {
  const ids = (sorted: { id: string }[]): string[] => sorted.map((r) => r.id);

  it('puts the newest first by default and sorts names naturally', () => {
    assert.deepEqual(ids(sortRuns(RUNS, { by: 'newest' })), ['05', '04', '03', '02', '01']);
    assert.deepEqual(sortRuns(RUNS, { by: 'name' }).map((r) => r.name), ['run-1', 'Run-2', 'run-3', 'run-9', 'run-10']);
  });

  it('sorts by a metric either way, runs without it (or with NaN) last, ties newest first', () => {
    assert.deepEqual(ids(sortRuns(RUNS, { by: 'metric', metric: 'acc', direction: 'desc' })), ['03', '05', '01', '04', '02']);
    assert.deepEqual(ids(sortRuns(RUNS, { by: 'metric', metric: 'acc', direction: 'asc' })), ['05', '01', '03', '04', '02']);
    assert.deepEqual(ids(sortRuns(RUNS, { by: 'metric', metric: 'loss', direction: 'asc' })), ['01', '05', '04', '03', '02']);
  });

  it('lists metric names with counts and reads stored sorts defensively', () => {
    assert.deepEqual(metricNames(RUNS), [{ name: 'acc', runs: 4 }, { name: 'loss', runs: 1 }]);
    assert.deepEqual(asRunSort({ by: 'metric', metric: 'acc', direction: 'asc' }), { by: 'metric', metric: 'acc', direction: 'asc' });
    assert.deepEqual(asRunSort({ by: 'metric', metric: 3 }), { by: 'newest' });
    assert.deepEqual(asRunSort(undefined), { by: 'newest' });
    assert.equal(describeSort({ by: 'metric', metric: 'acc', direction: 'desc' }), 'by acc ↓');
  });
});

describe('editing tags', () => {
  it('parses a comma-separated list', () => {
    assert.deepEqual(parseTagList(' a, b ,,a, c d '), ['a', 'b', 'c d']);
    assert.deepEqual(parseTagList(''), []);
    assert.match(invalidTagList('ok, bad\u0007') ?? '', /control character/);
    assert.equal(invalidTagList('ok, fine'), undefined);
  });

  it('adds and removes against the shared tags, leaving the others alone', () => {
    const sets = [['a', 'b', 'x'], ['b', 'a', 'y']];
    const shared = commonTags(sets);
    assert.deepEqual(shared, ['a', 'b']);
    const edited = ['b', 'new'];
    assert.deepEqual(applyTagEdit(sets[0]!, shared, edited), ['b', 'x', 'new']);
    assert.deepEqual(applyTagEdit(sets[1]!, shared, edited), ['b', 'y', 'new']);
    assert.deepEqual(applyTagEdit(['a'], ['a'], []), []);
  });
});

describe('log tail', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'runlens-logtail-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('strips colour and cursor codes', () => {
    assert.equal(stripAnsi('\u001b[31mred\u001b[0m \u001b[2Kline\r\n\u001b]0;title\u0007done'), 'red line\ndone');
  });

  it('reads a missing log as empty and a small log whole, with replacement characters', async () => {
    assert.deepEqual(await readLogTail(join(dir, 'none.log')), { text: '', skippedBytes: 0, totalBytes: 0 });
    const path = join(dir, 'small.log');
    writeFileSync(path, Buffer.concat([Buffer.from('ok \u00e9\n'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    const tail = await readLogTail(path);
    assert.equal(tail.text, 'ok \u00e9\n\ufffd\ufffd\n');
    assert.equal(renderLogTail(tail, path), tail.text);
  });

  it('keeps the last bytes from a line start and says what was cut', async () => {
    const path = join(dir, 'big.log');
    const lines = Array.from({ length: 1000 }, (_, i) => `line ${i} \u00e9\u00e9\u00e9`);
    writeFileSync(path, `${lines.join('\n')}\n`);
    const tail = await readLogTail(path, 1000);
    assert.ok(tail.skippedBytes > 0 && tail.text.length <= 1000);
    assert.match(tail.text, /^line \d+ ééé\n/);
    assert.ok(tail.text.endsWith('line 999 ééé\n'));
    assert.ok(!tail.text.includes('\ufffd'));
    const shown = renderLogTail(tail, path);
    assert.match(shown.split('\n')[0] ?? '', /^\[runlens: the first \d+\.\d KiB of \d+\.\d KiB are not shown; the whole log is .*big\.log\]$/);
  });
});
