// The params line of "Run Experiment": single values, comma-separated sweeps, quoting, typing
// like the defaults, and the messages shown under the input.
import * as assert from 'node:assert/strict';
import { formatParamsLine, parseGridOption, parseParamsLine, splitParamsLine } from '../../../src/core/params/paramsLine';

const DEFAULTS = { lr: 0.01, epochs: 10, name: 'base', fast: false, note: null };

describe('params line', () => {
  it('splits entries on whitespace and values on commas, honouring quotes', () => {
    assert.deepEqual(splitParamsLine('  lr=0.01,0.1   epochs=10 '), [{ name: 'lr', values: ['0.01', '0.1'] }, { name: 'epochs', values: ['10'] }]);
    assert.deepEqual(splitParamsLine('name="my model" tag=\'a,b\''), [{ name: 'name', values: ['my model'] }, { name: 'tag', values: ['a,b'] }]);
    assert.deepEqual(splitParamsLine('name='), [{ name: 'name', values: [''] }]);
    assert.deepEqual(splitParamsLine(''), []);
    assert.throws(() => splitParamsLine('lr'), /expected name=value, got "lr"/);
    assert.throws(() => splitParamsLine('name="open'), /unterminated " quote at column 6/);
  });

  it('types single values like their defaults and lists them for -p', () => {
    const p = parseParamsLine('lr=0.1 epochs=20 name=007 fast=yes', DEFAULTS);
    assert.deepEqual(p.params, { lr: 0.1, epochs: 20, name: '007', fast: true });
    assert.deepEqual(p.grid, {});
    assert.deepEqual(p.assignments, ['lr=0.1', 'epochs=20', 'name=007', 'fast=yes']);
    assert.equal(p.runCount, 1);
  });

  it('turns comma-separated values into a grid, with its run count and --grid arguments', () => {
    const p = parseParamsLine('lr=0.01,0.1,1 epochs=5,10 name=x', DEFAULTS);
    assert.deepEqual(p.grid, { lr: [0.01, 0.1, 1], epochs: [5, 10] });
    assert.deepEqual(p.params, { name: 'x' });
    assert.deepEqual(p.gridArgs, ['lr=0.01,0.1,1', 'epochs=5,10']);
    assert.equal(p.runCount, 6);
  });

  it('lets a later entry for the same param win', () => {
    const p = parseParamsLine('lr=0.01,0.1 lr=0.5', DEFAULTS);
    assert.deepEqual(p.params, { lr: 0.5 });
    assert.deepEqual(p.grid, {});
  });

  it('keeps a null default null when its value is left empty', () => {
    assert.deepEqual(parseParamsLine('note=""', DEFAULTS).params, { note: null });
    assert.deepEqual(parseParamsLine('note=hi', DEFAULTS).params, { note: 'hi' });
  });

  it('says what is wrong: unknown names, wrong types, commas in swept values', () => {
    assert.throws(() => parseParamsLine('lrate=0.1', DEFAULTS), /unknown param "lrate"; params: lr, epochs, name, fast, note/);
    assert.throws(() => parseParamsLine('x=1', {}), /the experiment declares none/);
    assert.throws(() => parseParamsLine('epochs=ten', DEFAULTS), /param epochs takes a number \(its default is 10\); got "ten"/);
    assert.throws(() => parseParamsLine('lr=0.1,fast', DEFAULTS), /param lr takes a number/);
    assert.throws(() => parseParamsLine('name="a,b",c', DEFAULTS), /contains a comma/);
  });

  it('formats defaults (and a sweep) into a line that parses back to the same values', () => {
    const line = formatParamsLine(DEFAULTS);
    assert.equal(line, 'lr=0.01 epochs=10 name=base fast=false note=""');
    assert.deepEqual(parseParamsLine(line, DEFAULTS).params, DEFAULTS);
    assert.equal(formatParamsLine({ name: 'my model', lr: 0.1 }, { lr: [0.1, 0.3] }), 'name="my model" lr=0.1,0.3');
    const swept = parseParamsLine(formatParamsLine(DEFAULTS, { lr: [0.1, 0.3] }), DEFAULTS);
    assert.deepEqual(swept.grid, { lr: [0.1, 0.3] });
    assert.equal(formatParamsLine({ q: 'say "hi"' }), `q='say "hi"'`);
  });

  it('parses the CLI --grid option', () => {
    assert.deepEqual(parseGridOption('lr=0.1,0.3', DEFAULTS), ['lr', [0.1, 0.3]]);
    assert.deepEqual(parseGridOption('name=a', DEFAULTS), ['name', ['a']]);
    assert.throws(() => parseGridOption('lr', DEFAULTS), /expected name=value1,value2/);
  });
});
