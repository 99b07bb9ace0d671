// `-p name=value` parsing (typed by the default, else YAML scalar rules), and sweep grids.
import * as assert from 'node:assert/strict';
import { parseParamAssignment, parseScalarText, placeholders, sweepGrid } from '../../../src/core/config/params';

describe('parseParamAssignment', () => {
  it('types values by YAML scalar rules when there is no default', () => {
    assert.deepEqual(parseParamAssignment('lr=0.01'), ['lr', 0.01]);
    assert.deepEqual(parseParamAssignment('n=10'), ['n', 10]);
    assert.deepEqual(parseParamAssignment('x=1e-3'), ['x', 0.001]);
    assert.deepEqual(parseParamAssignment('on=true'), ['on', true]);
    assert.deepEqual(parseParamAssignment('off=False'), ['off', false]);
    assert.deepEqual(parseParamAssignment('z=null'), ['z', null]);
    assert.deepEqual(parseParamAssignment('s=hello world'), ['s', 'hello world']);
    assert.deepEqual(parseParamAssignment('id=007'), ['id', '007']);
    assert.deepEqual(parseParamAssignment('eq=a=b'), ['eq', 'a=b']);
    assert.deepEqual(parseParamAssignment('e='), ['e', '']);
    assert.equal(parseScalarText('.inf'), Infinity);
  });

  it('types values like the default when there is one', () => {
    const defaults = { lr: 0.1, name: 'x', flag: false, any: null };
    assert.deepEqual(parseParamAssignment('name=123', defaults), ['name', '123']);
    assert.deepEqual(parseParamAssignment('flag=yes', defaults), ['flag', true]);
    assert.deepEqual(parseParamAssignment('flag=0', defaults), ['flag', false]);
    assert.deepEqual(parseParamAssignment('lr=3', defaults), ['lr', 3]);
    assert.deepEqual(parseParamAssignment('any=3', defaults), ['any', 3]);
    assert.throws(() => parseParamAssignment('lr=fast', defaults), /param lr takes a number \(its default is 0.1\); got "fast"/);
    assert.throws(() => parseParamAssignment('flag=maybe', defaults), /takes true or false/);
  });

  it('rejects malformed assignments', () => {
    assert.throws(() => parseParamAssignment('lr'), /expected name=value/);
    assert.throws(() => parseParamAssignment('=1'), /expected name=value/);
    assert.throws(() => parseParamAssignment('a b=1'), /invalid param name "a b"/);
  });
});

describe('templates and sweeps', () => {
  it('finds placeholders, skipping escaped ones', () => {
    assert.deepEqual(placeholders('a ${x} $${y} ${ z }'), [
      { name: 'x', index: 2, length: 4 },
      { name: 'z', index: 13, length: 6 },
    ]);
  });

  it('expands a grid as a cartesian product over the defaults', () => {
    assert.deepEqual(sweepGrid({ lr: 1, seed: 0, keep: 'k' }, { lr: [0.1, 0.01], seed: [1, 2, 3] }), [
      { lr: 0.1, seed: 1, keep: 'k' }, { lr: 0.1, seed: 2, keep: 'k' }, { lr: 0.1, seed: 3, keep: 'k' },
      { lr: 0.01, seed: 1, keep: 'k' }, { lr: 0.01, seed: 2, keep: 'k' }, { lr: 0.01, seed: 3, keep: 'k' },
    ]);
    assert.deepEqual(sweepGrid({ a: 1 }, {}), [{ a: 1 }]);
  });
});
