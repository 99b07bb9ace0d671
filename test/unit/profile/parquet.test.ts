// Parquet reading: types from the schema (timestamps are datetimes, strings that look like numbers
// stay categories), several row groups, the same bytes hashed through onChunk, and a malformed or
// non-Parquet file giving a per-file warning, never a crash. Golden values: drift/golden.test.ts.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProfilable, profileFile } from '../../../src/core/profile/profileFile';
import { repoRoot } from '../cli/harness';

const DIR = join(repoRoot(), 'test', 'fixtures', 'drift');
const SHA = 'b'.repeat(64);

describe('Parquet profiles', () => {
  it('types columns from the schema: timestamps, numeric-looking strings, integers, nullable booleans', async () => {
    assert.ok(isProfilable('data/x.parquet'));
    const p = await profileFile(join(DIR, 'types.parquet'), SHA, 0);
    assert.equal(p.rows, 120);
    assert.deepEqual(p.source, { kind: 'parquet', rowGroups: 3 });
    const col = (name: string) => p.columns.find((c) => c.name === name)!;
    assert.deepEqual(p.columns.map((c) => [c.name, c.type]), [['when', 'datetime'], ['code', 'categorical'], ['count', 'numeric'], ['ok', 'boolean']]);
    assert.deepEqual([col('when').count, col('when').missing], [108, 12]);
    assert.equal(col('when').numeric!.min, Date.UTC(2026, 0, 1));
    assert.equal(col('when').numeric!.max, Date.UTC(2026, 0, 29));
    // "0".."3" stored as strings are four categories, not numbers.
    assert.equal(col('code').numeric, undefined);
    assert.deepEqual(col('code').categories!.top.map((c) => [c.value, c.count]), [['0', 30], ['1', 30], ['2', 30], ['3', 30]]);
    assert.deepEqual([col('count').numeric!.min, col('count').numeric!.max, col('count').numeric!.mean], [0, 119, 59.5]);
    assert.deepEqual([col('ok').count, col('ok').missing], [80, 40]);
    assert.deepEqual(p.warnings, []);
  });

  it('reads gzip pages (Node\'s zlib) the same as Snappy ones', async () => {
    const bytes = readFileSync(join(DIR, 'ref_small.gzip.parquet'));
    const { parquetMetadata } = await import('hyparquet');
    assert.equal(parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)).row_groups[0]!.columns[0]!.meta_data!.codec, 'GZIP');
    const gz = await profileFile(join(DIR, 'ref_small.gzip.parquet'), SHA, 0);
    const snappy = await profileFile(join(DIR, 'ref_small.parquet'), SHA, 0);
    assert.deepEqual(gz.warnings, []);
    assert.deepEqual(gz.columns, snappy.columns);
  });

  it('hands the file\'s bytes to onChunk, so run-start profiling can check its hash', async () => {
    const path = join(DIR, 'ref_small.parquet');
    const hash = createHash('sha256');
    await profileFile(path, SHA, 0, { onChunk: (c) => hash.update(c) });
    assert.equal(hash.digest('hex'), createHash('sha256').update(readFileSync(path)).digest('hex'));
  });

  describe('malformed files', () => {
    let dir: string;
    beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'runlens-parquet-')); });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('warns about a truncated file instead of failing', async () => {
      const p = await profileFile(join(DIR, 'broken.parquet'), SHA, 0);
      assert.equal(p.rows, 0);
      assert.deepEqual(p.columns, []);
      assert.equal(p.warnings.length, 1);
      assert.equal(p.warnings[0]!.kind, 'unreadable');
      assert.match(p.warnings[0]!.message, /^not a readable Parquet file: .*PAR1/);
    });

    it('warns about a CSV named .parquet and about an empty file', async () => {
      for (const [name, content] of [['csv.parquet', 'a,b\n1,2\n'], ['empty.parquet', '']] as const) {
        const path = join(dir, name);
        writeFileSync(path, content);
        const p = await profileFile(path, SHA, content.length);
        assert.equal(p.warnings[0]?.kind, 'unreadable', name);
        assert.match(p.warnings[0]?.message ?? '', /not a readable Parquet file/, name);
      }
    });

    it('counts a column chunk that cannot be decoded as missing, with a warning naming it', async () => {
      // Corrupt the first data page of ref_small.parquet (just past the 4-byte magic) and keep the footer.
      const bytes = Buffer.from(readFileSync(join(DIR, 'ref_small.parquet')));
      bytes.fill(0xff, 4, 64);
      const path = join(dir, 'corrupt.parquet');
      writeFileSync(path, bytes);
      const p = await profileFile(path, SHA, bytes.length);
      assert.equal(p.rows, 300);
      const w = p.warnings.find((x) => x.kind === 'unreadable');
      assert.ok(w, JSON.stringify(p.warnings));
      assert.match(w.message, /row group 1, column num_a/);
      const numA = p.columns.find((c) => c.name === 'num_a')!;
      assert.equal(numA.count + numA.missing, 300);
      assert.equal(p.columns.find((c) => c.name === 'id')!.count, 300, 'the other columns are read');
    });
  });
});
