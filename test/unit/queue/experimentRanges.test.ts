// Where each experiment's key is in runlens.yaml (for the CodeLens above it).
import * as assert from 'node:assert/strict';
import { experimentKeyRanges } from '../../../src/core/config/experimentRanges';

describe('experimentKeyRanges', () => {
  it('finds every experiment key with its 1-based range, in file order', () => {
    const text = [
      '# comment',
      'version: 1',
      'experiments:',
      '  train:',
      '    command: python train.py',
      '  "eval model":',
      '    command: python eval.py',
      '',
    ].join('\n');
    assert.deepEqual(experimentKeyRanges(text), [
      { name: 'train', range: { line: 4, column: 3, endLine: 4, endColumn: 8 } },
      { name: 'eval model', range: { line: 6, column: 3, endLine: 6, endColumn: 15 } },
    ]);
  });

  it('still finds the keys of a file with errors elsewhere', () => {
    const text = 'experiments:\n  a:\n    command: [unclosed\n  b:\n    command: x\n';
    assert.deepEqual(experimentKeyRanges(text).map((k) => k.name).slice(0, 1), ['a']);
  });

  it('finds none without an experiments mapping', () => {
    assert.deepEqual(experimentKeyRanges(''), []);
    assert.deepEqual(experimentKeyRanges('experiments: 3\n'), []);
    assert.deepEqual(experimentKeyRanges('- a\n- b\n'), []);
    assert.deepEqual(experimentKeyRanges('version: 1\n'), []);
  });

  it('matches the example project', () => {
    const text = 'version: 1\nexperiments:\n  train:\n    params: {lr: 0.1}\n\n  # print only\n  train-print:\n    command: x\n';
    assert.deepEqual(experimentKeyRanges(text).map((k) => [k.name, k.range.line]), [['train', 3], ['train-print', 7]]);
  });
});
