// The canonical manifest and dataset hash (a documented contract) and the per-file manifest diff.
import * as assert from 'node:assert/strict';
import { canonicalManifest, comparePaths, datasetHash, diffManifests } from '../../../src/core/data/manifest';
import type { FileEntry } from '../../../src/core/data/types';
import { sha256 } from './helpers/ws';

const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('data manifest', () => {
  it('writes one line per file, sorted by path, and hashes exactly that text', () => {
    const files: FileEntry[] = [
      { path: 'b/x.csv', size: 3, sha256: ABC },
      { path: 'a.csv', size: 0, sha256: EMPTY },
    ];
    const text = canonicalManifest(files);
    assert.equal(text, `${EMPTY}  0  a.csv\n${ABC}  3  b/x.csv\n`);
    assert.equal(datasetHash(files), sha256(text));
    assert.equal(datasetHash([...files].reverse()), datasetHash(files), 'input order does not matter');
  });

  it('hashes an empty dataset as the SHA-256 of the empty string', () => {
    assert.equal(datasetHash([]), EMPTY);
  });

  it('changes the hash when a path, a size or a digest changes', () => {
    const base: FileEntry[] = [{ path: 'a.csv', size: 3, sha256: ABC }];
    const h = datasetHash(base);
    assert.notEqual(datasetHash([{ ...base[0]!, path: 'b.csv' }]), h);
    assert.notEqual(datasetHash([{ ...base[0]!, size: 4 }]), h);
    assert.notEqual(datasetHash([{ ...base[0]!, sha256: EMPTY }]), h);
    assert.equal(datasetHash([{ ...base[0]!, link: 'elsewhere.csv' }]), h, 'a link target is recorded, not hashed');
  });

  it('sorts by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF61 is EF BD A1 in UTF-8 and sorts before the emoji (F0 9F 98 80); in UTF-16 it is the other way round.
    const half = '\uff61';
    const emoji = '\u{1f600}';
    assert.ok(emoji < half, 'precondition: UTF-16 order differs');
    assert.ok(comparePaths(half, emoji) < 0);
    assert.ok(comparePaths('a/b', 'a0') < 0);
    const text = canonicalManifest([{ path: emoji, size: 1, sha256: ABC }, { path: half, size: 1, sha256: ABC }]);
    assert.ok(text.indexOf(half) < text.indexOf(emoji));
  });

  it('escapes newlines and backslashes so every file stays one line and paths stay distinct', () => {
    const odd = canonicalManifest([{ path: 'a\nb\\c\r', size: 1, sha256: ABC }]);
    assert.equal(odd, `${ABC}  1  a\\nb\\\\c\\r\n`);
    const two = datasetHash([{ path: 'x\ny', size: 1, sha256: ABC }]);
    const other = datasetHash([{ path: 'x\\ny', size: 1, sha256: ABC }]);
    assert.notEqual(two, other);
  });

  it('diffs two manifests into added, removed and modified paths', () => {
    const a = { files: [{ path: 'keep', size: 1, sha256: ABC }, { path: 'gone', size: 1, sha256: ABC }, { path: 'edit', size: 3, sha256: ABC }] };
    const b = { files: [{ path: 'keep', size: 1, sha256: ABC }, { path: 'new', size: 1, sha256: ABC }, { path: 'edit', size: 3, sha256: EMPTY }] };
    assert.deepEqual(diffManifests(a, b), { added: ['new'], removed: ['gone'], modified: ['edit'] });
    assert.deepEqual(diffManifests(a, a), { added: [], removed: [], modified: [] });
  });
});
