// The filter language: parsing (precedence, fields, comparisons), evaluation against runs
// (unknown names are no match), and malformed input reported with its position.
import * as assert from 'node:assert/strict';
import { compileFilter, resolveName } from '../../../src/core/query/evaluate';
import { describeQueryError, parseFilter, QueryError } from '../../../src/core/query/parse';
import { metric, run } from './helpers';
import { type RunManifest } from '../../../src/core/model';

const RUNS = [
  run('01a', { name: 'baseline-1', status: 'finished', tags: ['baseline'], params: { lr: 0.001, model: 'resnet' }, metrics: { acc: 0.95, loss: 0.1 } }),
  run('02b', { name: 'wide-2', status: 'failed', params: { lr: 0.1, model: 'ViT' }, metrics: { acc: 0.5 }, note: 'diverged after warmup' }),
  run('03c', { name: 'tiny-3', status: 'running', experiment: null, params: { lr: '0.005' }, metrics: { acc: metric(0.92, 0.4, 0.97, 10) } }),
  run('04d', { name: 'no-metrics', status: 'stopped', params: {} }),
];

function names(filter: string): string[] {
  const f = compileFilter(filter);
  return RUNS.filter(f).map((r) => r.name);
}

function errorOf(filter: string): QueryError {
  try {
    parseFilter(filter);
  } catch (e) {
    assert.ok(e instanceof QueryError, String(e));
    return e;
  }
  assert.fail(`no error for ${JSON.stringify(filter)}`);
}

describe('filter: parsing', () => {
  it('treats an empty or blank filter as no filter', () => {
    assert.equal(parseFilter(''), undefined);
    assert.equal(parseFilter('   '), undefined);
    assert.deepEqual(names('  '), ['baseline-1', 'wide-2', 'tiny-3', 'no-metrics']);
  });

  it('binds and tighter than or, and juxtaposition as and', () => {
    assert.deepEqual(parseFilter('a or b and c'), {
      kind: 'or', left: { kind: 'text', text: 'a' },
      right: { kind: 'and', left: { kind: 'text', text: 'b' }, right: { kind: 'text', text: 'c' } },
    });
    assert.deepEqual(parseFilter('status:failed resnet'), {
      kind: 'and', left: { kind: 'field', field: 'status', values: ['failed'] }, right: { kind: 'text', text: 'resnet' },
    });
  });

  it('reads comparisons with numbers, words and quoted strings', () => {
    assert.deepEqual(parseFilter('acc>=0.9'), { kind: 'compare', name: 'acc', op: '>=', value: 0.9 });
    assert.deepEqual(parseFilter('lr < 1e-3'), { kind: 'compare', name: 'lr', op: '<', value: 0.001 });
    assert.deepEqual(parseFilter('model = resnet'), { kind: 'compare', name: 'model', op: '==', value: 'resnet' });
    assert.deepEqual(parseFilter("model != 'res net'"), { kind: 'compare', name: 'model', op: '!=', value: 'res net' });
    assert.deepEqual(parseFilter('"val loss" <= -2'), { kind: 'compare', name: 'val loss', op: '<=', value: -2 });
  });

  it('reports malformed filters with what was expected and where', () => {
    const cases: [string, number, RegExp][] = [
      ['acc >', 5, /expected a value after ">", found the end/],
      ['acc > 0.9 and', 13, /ends too early/],
      ['(acc > 0.9', 10, /expected "\)" to close the "\(" at column 1/],
      ['acc > 0.9)', 9, /no matching "\("/],
      ['status:done', 7, /unknown status "done"; use one of queued, running/],
      ['colour:red', 0, /unknown field "colour:"/],
      ['acc > high', 6, /">" compares numbers, and "high" is not a number/],
      ['name == "abc', 8, /unterminated string/],
      ['or acc > 1', 0, /"or" needs a condition before it/],
      ['acc ! 3', 4, /"!" must be followed by "="/],
      ['()', 1, /empty parentheses/],
      ['tag:', 4, /expected a value after "tag:"/],
      ['acc > 1 > 2', 8, /unexpected ">"/],
      ['not', 3, /"not" needs something to negate/],
      ['acc == and', 7, /found the keyword "and"/],
    ];
    for (const [input, position, message] of cases) {
      const e = errorOf(input);
      assert.equal(e.position, position, `${input}: ${e.message}`);
      assert.match(e.message, message, input);
    }
    assert.equal(describeQueryError(errorOf('acc >')), 'Column 6: expected a value after ">", found the end of the filter');
  });
});

describe('filter: evaluation', () => {
  it('filters by status, tag, experiment, name and id', () => {
    assert.deepEqual(names('status:failed'), ['wide-2']);
    assert.deepEqual(names('status:failed,running'), ['wide-2', 'tiny-3']);
    assert.deepEqual(names('STATUS:Finished'), ['baseline-1']);
    assert.deepEqual(names('tag:baseline'), ['baseline-1']);
    assert.deepEqual(names('tag:BASELINE'), ['baseline-1']);
    assert.deepEqual(names('experiment:train'), ['baseline-1', 'wide-2', 'no-metrics']);
    assert.deepEqual(names('name:tiny'), ['tiny-3']);
    assert.deepEqual(names('id:02'), ['wide-2']);
  });

  it('filters by author: a pulled run by its author name or email, author:me the workspace\'s own runs', () => {
    const origin = (author: string, email: string): RunManifest['origin'] => ({ author, email, host: 'gpu-1', remote: 'origin', commit: 'c0ffee' });
    const team = [
      { ...run('a1', { name: 'alice-run' }), origin: origin('Alice Smith', 'alice@lab.org') },
      { ...run('b1', { name: 'bob-run' }), origin: origin('Bob', 'bob@example.com') },
      run('m1', { name: 'my-run' }),
    ];
    const pick = (f: string): string[] => team.filter(compileFilter(f)).map((r) => r.name);
    assert.deepEqual(pick('author:alice'), ['alice-run']);
    assert.deepEqual(pick('author:SMITH'), ['alice-run']);
    assert.deepEqual(pick('author:lab.org'), ['alice-run']);
    assert.deepEqual(pick('author:me'), ['my-run']);
    assert.deepEqual(pick('not author:me'), ['alice-run', 'bob-run']);
    assert.deepEqual(pick('author:alice,bob'), ['alice-run', 'bob-run']);
  });

  it('matches free text against name, experiment, id, note, tags and param values', () => {
    assert.deepEqual(names('wide'), ['wide-2']);
    assert.deepEqual(names('DIVERGED'), ['wide-2']);
    assert.deepEqual(names('vit'), ['wide-2']);
    assert.deepEqual(names('0.005'), ['tiny-3']);
    assert.deepEqual(names('03c'), ['tiny-3']);
    assert.deepEqual(names('"after warmup"'), ['wide-2']);
    assert.deepEqual(names('nothing-matches-this'), []);
  });

  it('compares metrics and params, numerically when both sides are numbers', () => {
    assert.deepEqual(names('acc > 0.9'), ['baseline-1', 'tiny-3']);
    assert.deepEqual(names('acc > 0.9 and lr < 0.01'), ['baseline-1', 'tiny-3']);
    assert.deepEqual(names('acc > 0.9 and lr < 0.002'), ['baseline-1']);
    assert.deepEqual(names('acc < 0.6 or model == resnet'), ['baseline-1', 'wide-2']);
    assert.deepEqual(names('model == RESNET'), ['baseline-1']);
    assert.deepEqual(names('model != resnet'), ['wide-2']);
    assert.deepEqual(names('lr == 0.1'), ['wide-2']);
  });

  it('reads .min, .max, .count and .last of a metric, and metric./param. prefixes', () => {
    assert.deepEqual(names('acc.min < 0.45'), ['tiny-3']);
    assert.deepEqual(names('acc.max >= 0.97'), ['tiny-3']);
    assert.deepEqual(names('acc.count == 10'), ['tiny-3']);
    assert.deepEqual(names('acc.last > 0.94'), ['baseline-1']);
    assert.deepEqual(names('metric.acc > 0.94'), ['baseline-1']);
    assert.deepEqual(names('param.lr > 0.05'), ['wide-2']);
    assert.deepEqual(names('metric.lr > 0'), []);
    const both = run('x', { params: { acc: 1 }, metrics: { acc: 2 } });
    assert.equal(resolveName(both, 'acc'), 2);
    assert.equal(resolveName(both, 'param.acc'), 1);
  });

  it('treats unknown names as no match, even under not', () => {
    assert.deepEqual(names('nope > 1'), []);
    assert.deepEqual(names('not nope > 1'), []);
    assert.deepEqual(names('not acc > 0.9'), ['wide-2']);
    assert.deepEqual(names('nope > 1 or status:stopped'), ['no-metrics']);
    assert.deepEqual(names('not (status:failed or status:running)'), ['baseline-1', 'no-metrics']);
  });

  it('never matches NaN metrics in ordering comparisons', () => {
    const nan = [run('n', { metrics: { loss: NaN } })];
    assert.equal(nan.filter(compileFilter('loss < 1')).length, 0);
    assert.equal(nan.filter(compileFilter('loss > 1')).length, 0);
    assert.equal(nan.filter(compileFilter('loss != 1')).length, 1);
  });
});
