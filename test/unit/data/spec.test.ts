// Dataset specs: plain paths, globs (*, **, ?, {a,b}, escapes) and refusal of paths leaving the workspace.
import * as assert from 'node:assert/strict';
import { parseSpec } from '../../../src/core/data/spec';
import { DatasetSpecError } from '../../../src/core/data/types';

const ROOT = '/ws/project';

function matches(spec: string, paths: string[]): string[] {
  const p = parseSpec(ROOT, spec);
  assert.ok(p.match, `${spec} should be a glob`);
  return paths.filter((x) => p.match!(x));
}

describe('data specs', () => {
  it('keeps a plain path as a base to walk, normalised', () => {
    assert.deepEqual({ ...parseSpec(ROOT, './data//train/') }, { spec: './data//train/', base: 'data/train', match: null });
    assert.equal(parseSpec(ROOT, '.').base, '');
    assert.equal(parseSpec(ROOT, `${ROOT}/data/x.csv`).base, 'data/x.csv', 'absolute inside the root is made relative');
    assert.equal(parseSpec(ROOT, ROOT).base, '');
  });

  it('splits a glob into its static base and a matcher', () => {
    assert.equal(parseSpec(ROOT, 'data/raw/*.csv').base, 'data/raw');
    assert.equal(parseSpec(ROOT, '**/*.csv').base, '');
    const paths = ['a.csv', 'a.tsv', 'd/a.csv', 'd/e/a.csv', 'b.csv', '.hidden.csv', 'a.csvx'];
    assert.deepEqual(matches('*.csv', paths), ['a.csv', 'b.csv', '.hidden.csv']);
    assert.deepEqual(matches('**/*.csv', paths), ['a.csv', 'd/a.csv', 'd/e/a.csv', 'b.csv', '.hidden.csv']);
    assert.deepEqual(matches('d/**', paths), ['d/a.csv', 'd/e/a.csv']);
    assert.deepEqual(matches('d/**/a.csv', paths), ['d/a.csv', 'd/e/a.csv']);
    assert.deepEqual(matches('?.csv', paths), ['a.csv', 'b.csv']);
    assert.deepEqual(matches('a.{csv,tsv}', paths), ['a.csv', 'a.tsv']);
    assert.deepEqual(matches('{a,b}.c*', paths), ['a.csv', 'b.csv', 'a.csvx']);
  });

  it('treats regex characters and escaped glob characters literally', () => {
    assert.deepEqual(matches('x(1)+.*', ['x(1)+.csv', 'x1.csv']), ['x(1)+.csv']);
    assert.deepEqual(matches('q\\?/*', ['q?/a', 'qx/a']), ['q?/a']);
    assert.equal(parseSpec(ROOT, 'data/f\\*.csv').base, 'data/f*.csv', 'an escaped glob is a plain path');
    assert.equal(parseSpec(ROOT, 'data/[1].csv').match, null, 'brackets are literal');
  });

  it('rejects paths that leave the workspace, with a clear error', () => {
    for (const bad of ['../secret', 'data/../../x', 'data/..', '/etc/passwd', '/ws/project-other/x', '/ws']) {
      assert.throws(() => parseSpec(ROOT, bad), (e: unknown) => e instanceof DatasetSpecError && e.spec === bad && /workspace/.test(e.message), bad);
    }
  });

  it('rejects empty specs and unbalanced braces', () => {
    assert.throws(() => parseSpec(ROOT, ''), DatasetSpecError);
    assert.throws(() => parseSpec(ROOT, '  '), DatasetSpecError);
    assert.throws(() => parseSpec(ROOT, 'a{b'), /unbalanced/);
    assert.throws(() => parseSpec(ROOT, 'a}b*'), /unbalanced/);
  });
});
