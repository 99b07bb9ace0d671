// Parquet in the data diff: row count and top-level columns with their declared types, read from the
// footer alone (a 5 GiB sparse file is profiled without reading it), and a clear note for a file that
// is not Parquet. Fixtures: test/fixtures/parquet (generate.mjs writes them with hyparquet-writer).
import * as assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { diffDataSides, type DataSide } from '../../../src/core/data/diffData';
import { hashDatasets } from '../../../src/core/data/hash';
import { profileTable, tabularFormat } from '../../../src/core/data/tabular';
import { repoRoot } from '../cli/harness';
import { tempWorkspace, type TempWorkspace } from './helpers/ws';

const DIR = join(repoRoot(), 'test', 'fixtures', 'parquet');
const BEFORE = readFileSync(join(DIR, 'before.parquet'));
const AFTER = readFileSync(join(DIR, 'after.parquet'));

async function side(ws: TempWorkspace, spec: string, label: string): Promise<DataSide> {
  const m = (await hashDatasets(ws.dir, [spec])).manifests[0];
  assert.ok(m);
  return { label, hash: m.hash, workspace: false, files: m.files, locate: (f) => Promise.resolve(ws.path(f.path)) };
}

describe('Parquet in the data diff', () => {
  let a: TempWorkspace;
  let b: TempWorkspace;
  beforeEach(() => {
    a = tempWorkspace();
    b = tempWorkspace();
  });
  afterEach(() => {
    a.cleanup();
    b.cleanup();
  });

  it('is recognised by extension', () => {
    assert.deepEqual(['t.parquet', 'T.PQ', 'x.parquet.bak'].map(tabularFormat), ['parquet', 'parquet', null]);
  });

  it('profiles rows and typed top-level columns from the footer', async () => {
    const p = await profileTable(join(DIR, 'before.parquet'), 'parquet');
    assert.deepEqual(p, {
      format: 'parquet', rows: 3, badLines: 0,
      columns: [{ name: 'id', type: 'integer' }, { name: 'name', type: 'string' }, { name: 'score', type: 'number' }, { name: 'seen', type: 'timestamp' }],
    });
  });

  it('reports row counts and added, removed and retyped columns of a changed Parquet file', async () => {
    a.write('data/t.parquet', BEFORE);
    b.write('data/t.parquet', AFTER);
    const d = await diffDataSides(await side(a, 'data', 'A'), await side(b, 'data', 'B'));
    assert.equal(d.files.length, 1);
    const t = d.files[0]?.table;
    assert.deepEqual([t?.format, t?.rowsA, t?.rowsB], ['parquet', 3, 5]);
    assert.deepEqual(t?.columnsAdded, [{ name: 'label', type: 'boolean' }]);
    assert.deepEqual(t?.columnsRemoved, [{ name: 'seen', type: 'timestamp' }]);
    assert.deepEqual(t?.typeChanged, [{ name: 'score', from: 'number', to: 'string' }]);
    assert.deepEqual(d.files[0]?.notes, []);
  });

  it('reads only the footer: a 5 GiB sparse file (more than one buffer can hold) is profiled', async () => {
    // The magic up front, a hole, then the fixture's pages and footer at the very end: the footer's
    // page offsets point nowhere, which only matters to a reader of the data.
    const path = a.path('big.parquet');
    const fd = openSync(path, 'w');
    try {
      writeSync(fd, BEFORE.subarray(0, 4), 0, 4, 0);
      writeSync(fd, BEFORE.subarray(4), 0, BEFORE.length - 4, 5 * 2 ** 30);
    } finally {
      closeSync(fd);
    }
    const p = await profileTable(path, 'parquet');
    assert.deepEqual([p.rows, p.columns.map((c) => c.name)], [3, ['id', 'name', 'score', 'seen']]);
  });

  it('notes a file named .parquet that is not Parquet, and still lists the change', async () => {
    a.write('t.parquet', BEFORE);
    b.write('t.parquet', 'id,score\n1,2\n');
    const d = await diffDataSides(await side(a, 't.parquet', 'A'), await side(b, 't.parquet', 'B'));
    assert.equal(d.files[0]?.change, 'changed');
    assert.deepEqual([d.files[0]?.table?.rowsA, d.files[0]?.table?.rowsB], [3, null]);
    assert.match(d.files[0]?.notes.join('\n') ?? '', /^B could not be read as parquet: /);
  });
});
