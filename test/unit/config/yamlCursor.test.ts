// The cursor's place in runlens.yaml (mapping path, key or value) read from indentation, including
// lines that are half typed and sequences, and the schema lookups completion and hovers use.
import * as assert from 'node:assert/strict';
import { descriptionAt, keysAt, valuesAt } from '../../../src/core/config/schemaNav';
import { cursorContext } from '../../../src/core/config/yamlCursor';
import { CONFIG, positionAfter } from '../server/fixtures';

/** The cursor context at a 0-based line and character (typed loosely for deepEqual). */
function at(text: string, line: number, character: number): unknown {
  return cursorContext(text, line, character);
}

describe('yaml cursor context', () => {
  it('puts a blank line inside an experiment in that experiment', () => {
    const text = CONFIG.replace('    metrics:\n      primary', '    \n    metrics:\n      primary');
    const { line } = positionAfter(text, '        cache: true');
    assert.deepEqual(at(text, line + 2, 4), { kind: 'key', mapPath: ['experiments', 'train'], key: '', start: 4, end: 4 });
  });

  it('reads a half-typed key by its column (top level, experiment, metrics)', () => {
    const text = `${CONFIG}  train2:\n    sh\n`;
    const lines = text.split('\n');
    const line = lines.indexOf('    sh');
    assert.deepEqual(at(text, line, 6), { kind: 'key', mapPath: ['experiments', 'train2'], key: 'sh', start: 4, end: 6 });
    const top = `${CONFIG}ver`;
    assert.deepEqual(at(top, top.split('\n').length - 1, 3), { kind: 'key', mapPath: [], key: 'ver', start: 0, end: 3 });
    const inMetrics = CONFIG.replace('      goal: min', '      go');
    const m = positionAfter(inMetrics, '      go');
    assert.deepEqual(at(inMetrics, m.line, m.character), { kind: 'key', mapPath: ['experiments', 'train', 'metrics'], key: 'go', start: 6, end: 8 });
  });

  it('knows a key and a value on a written line', () => {
    const p = positionAfter(CONFIG, '      goal: m');
    assert.deepEqual(at(CONFIG, p.line, p.character), { kind: 'value', valuePath: ['experiments', 'train', 'metrics', 'goal'], text: 'min', start: 12 });
    const k = positionAfter(CONFIG, '      lab');
    assert.deepEqual(at(CONFIG, k.line, k.character), { kind: 'key', mapPath: ['experiments', 'train', 'params'], key: 'label', start: 6, end: 11 });
  });

  it('follows sequence items: keys of a dataset entry and the index of each item', () => {
    const c = positionAfter(CONFIG, '        cach');
    assert.deepEqual(at(CONFIG, c.line, c.character), { kind: 'key', mapPath: ['experiments', 'train', 'datasets', 0], key: 'cache', start: 8, end: 13 });
    const text = CONFIG.replace('      - data/extra/*.csv', '      - data/extra/*.csv\n      - ');
    const n = positionAfter(text, '      - ', 2);
    assert.deepEqual(at(text, n.line, n.character), { kind: 'key', mapPath: ['experiments', 'train', 'datasets', 2], key: '', start: 8, end: 8 });
    const nested = 'experiments:\n  a:\n    metrics:\n      patterns:\n        - keyvalue: x\n          keys:\n            - a\n            - \n';
    assert.deepEqual(at(nested, 7, 14), { kind: 'key', mapPath: ['experiments', 'a', 'metrics', 'patterns', 0, 'keys', 1], key: '', start: 14, end: 14 });
    const inItem = 'list:\n- foo:\n  - a\n  - \n';
    assert.deepEqual(at(inItem, 3, 4), { kind: 'key', mapPath: ['list', 0, 'foo', 1], key: '', start: 4, end: 4 });
    const compact = 'experiments:\n  a:\n    outputs:\n    - out/\n    - "x/${y}"\n';
    assert.deepEqual(at(compact, 4, 9), { kind: 'value', valuePath: ['experiments', 'a', 'outputs', 1], text: '"x/${y}"', start: 6 });
  });

  it('reads further lines of a multi-line value as that value', () => {
    const text = 'experiments:\n  a:\n    command: >-\n      python train.py\n      --lr ${\n    params:\n      lr: 1\n';
    assert.deepEqual(at(text, 4, 13), { kind: 'value', valuePath: ['experiments', 'a', 'command'], text: '--lr ${', start: 6 });
    // A word alone there could be a key being typed: completion reads it as one.
    assert.deepEqual(at(`${text}      ep`, 7, 8), { kind: 'key', mapPath: ['experiments', 'a', 'params'], key: 'ep', start: 6, end: 8 });
  });

  it('gives nothing in a comment and never throws on odd text', () => {
    assert.equal(at('experiments:\n  # a comment', 1, 8), undefined);
    for (const text of ['', ':', '- - -', '  : :', '"unterminated: x', '\t\tkey: v', '{ a: [1, 2 }']) {
      for (let c = 0; c <= text.length; c++) assert.doesNotThrow(() => cursorContext(text, 0, c));
    }
  });
});

describe('schema lookups', () => {
  it('lists keys per mapping from runlens.schema.json, with descriptions', () => {
    assert.deepEqual(keysAt([]).map((k) => k.name), ['version', 'experiments', 'snapshot', 'systemMetrics', 'monitor', 'profile', 'remote', 'dataCache']);
    const exp = keysAt(['experiments', 'anything']);
    assert.ok(['command', 'params', 'sweep', 'metrics', 'datasets'].every((n) => exp.some((k) => k.name === n)));
    assert.deepEqual(keysAt(['experiments', 'x', 'metrics']).map((k) => k.name), ['primary', 'goal', 'patterns']);
    assert.deepEqual(keysAt(['experiments', 'x', 'datasets', 3]).map((k) => k.name), ['path', 'cache']);
    assert.equal(exp.find((k) => k.name === 'params')?.block, true);
    assert.equal(exp.find((k) => k.name === 'shell')?.block, false);
    assert.match(keysAt(['experiments', 'x', 'metrics'])[1]?.description ?? '', /smaller or a larger/);
  });

  it('lists enum, const and boolean values and describes nested keys', () => {
    assert.deepEqual(valuesAt(['experiments', 'x', 'metrics', 'goal']), ['min', 'max']);
    assert.deepEqual(valuesAt(['experiments', 'x', 'shell']), ['true', 'false']);
    assert.deepEqual(valuesAt(['version']), ['1']);
    assert.deepEqual(valuesAt(['experiments', 'x', 'command']), []);
    assert.match(descriptionAt(['experiments', 'x', 'reproduce', 'tolerance', 'metrics', 'loss', 'abs']) ?? '', /Absolute tolerance/);
    assert.equal(descriptionAt(['experiments', 'x', 'nonsense']), undefined);
  });
});
