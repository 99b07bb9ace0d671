// The watch patterns of the stale check: only the declared paths (a file or everything below a
// folder, a glob as it is), never outside the workspace, and none past the bound.
import * as assert from 'node:assert/strict';
import { watchPatterns } from '../../../src/core/lineage/watch';

describe('stale check watch patterns', () => {
  it('covers a plain path as a file and as a folder, and keeps a glob as it is', () => {
    assert.deepEqual(watchPatterns(['data/raw.csv', './data/parts/', 'logs/*.jsonl', 'data/raw.csv']),
      ['data/parts', 'data/parts/**', 'data/raw.csv', 'data/raw.csv/**', 'logs/*.jsonl']);
  });

  it('skips paths outside the workspace folder', () => {
    assert.deepEqual(watchPatterns(['/etc/passwd', '../other/data', 'C:/data', 'a/../../b', 'ok.csv']), ['ok.csv', 'ok.csv/**']);
  });

  it('watches nothing past the bound (the check then runs when runs end)', () => {
    const specs = Array.from({ length: 40 }, (_, i) => `data/part-${i}`);
    assert.equal(watchPatterns(specs).length, 0);
    assert.equal(watchPatterns(specs.slice(0, 32)).length, 64);
  });
});
