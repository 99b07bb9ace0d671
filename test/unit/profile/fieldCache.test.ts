// The per-column field cache: a field is found by its bytes wherever they are read from, never by
// bytes of another field (same length, same first and last four bytes), and survives the reuse of
// the read buffer it was first seen in.
import * as assert from 'node:assert/strict';
import { FieldCache } from '../../../src/core/profile/fieldCache';

/** Looks `text` up at an offset into a fresh buffer; stores `entry` on a miss. */
function lookup(cache: FieldCache<string>, text: string, entry: string, offset = 3): string | undefined {
  const buf = Buffer.concat([Buffer.alloc(offset, 0x2c), Buffer.from(text), Buffer.alloc(5, 0x2c)]);
  const hit = cache.get(buf, offset, offset + Buffer.byteLength(text));
  if (hit === undefined) cache.store(buf, offset, offset + Buffer.byteLength(text), entry);
  return hit;
}

describe('profile field cache', () => {
  it('finds fields of every length by their bytes, and never by another field\'s', () => {
    const cache = new FieldCache<string>();
    // Lengths 0 to 3 (first, middle, last byte), 4 to 8 (two words), longer (the middle compared too).
    const keys = ['', 'a', 'ab', 'abc', 'abd', 'abcd', 'abcde', 'abXde', 'abcdefgh', 'abcdXfgh', 'abcd12efgh', 'abcd21efgh', 'x'.repeat(64)];
    for (const k of keys) assert.equal(lookup(cache, k, `entry ${k}`), undefined, `first sight of "${k}"`);
    // Direct-mapped: a key may have lost its slot to a later one, but a hit is always its own entry.
    let hits = 0;
    for (const k of keys) {
      const hit = lookup(cache, k, `entry ${k}`, 7);
      if (hit !== undefined) { assert.equal(hit, `entry ${k}`); hits++; }
    }
    assert.ok(hits >= keys.length - 2, `${hits} of ${keys.length} found again`);
    // Longer than the longest key cached: never cached.
    assert.equal(lookup(cache, 'y'.repeat(65), 'long'), undefined);
    assert.equal(lookup(cache, 'y'.repeat(65), 'long'), undefined);
  });

  it('keeps a copy of a key: reusing the buffer it was read from neither loses nor fakes it', () => {
    const cache = new FieldCache<string>();
    const buf = Buffer.from('alpha,epsilon-delta,');
    for (const [s, e, name] of [[0, 5, 'alpha'], [6, 19, 'epsilon-delta']] as const) {
      assert.equal(cache.get(buf, s, e), undefined);
      cache.store(buf, s, e, name);
    }
    // The read buffer is reused for the next chunk.
    buf.write('zzzzz,zzzzzzzzzzzzz,');
    assert.equal(cache.get(buf, 0, 5), undefined);
    assert.equal(cache.get(buf, 6, 19), undefined);
    assert.equal(lookup(cache, 'alpha', 'again'), 'alpha');
    assert.equal(lookup(cache, 'epsilon-delta', 'again'), 'epsilon-delta');
  });
});
