// The data diff: files added, removed, changed and renamed (linked by hash) in folder datasets,
// row counts and column (schema) changes of CSV/TSV/JSON Lines, and a note per file whose content
// is not at hand; plus the tabular profiles themselves (quoting, blank lines, types).
import * as assert from 'node:assert/strict';
import { hashDatasets } from '../../../src/core/data/hash';
import { diffDataSides, type DataSide } from '../../../src/core/data/diffData';
import { profileTable, tabularFormat } from '../../../src/core/data/tabular';
import { tempWorkspace, type TempWorkspace } from './helpers/ws';

/** One side: `spec` hashed in `ws` as it is now, contents read from there unless `locate` says otherwise. */
async function side(ws: TempWorkspace, spec: string, label: string, readable = true): Promise<DataSide> {
  const m = (await hashDatasets(ws.dir, [spec])).manifests[0];
  assert.ok(m);
  return { label, hash: m.hash, workspace: false, files: m.files, locate: (f) => Promise.resolve(readable ? ws.path(f.path) : null) };
}

describe('data diff', () => {
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

  it('lists files added, removed and changed in a folder dataset, with their sizes, and counts the same ones', async () => {
    a.write('data/keep.txt', 'same');
    a.write('data/gone.txt', 'old file');
    a.write('data/edit.txt', 'v1');
    b.write('data/keep.txt', 'same');
    b.write('data/new.txt', 'brand new');
    b.write('data/edit.txt', 'v2 longer');
    const d = await diffDataSides(await side(a, 'data', 'A'), await side(b, 'data', 'B'));
    assert.deepEqual(d.files.map((f) => [f.change, f.path, f.sizeA, f.sizeB]), [
      ['changed', 'data/edit.txt', 2, 9],
      ['removed', 'data/gone.txt', 8, null],
      ['added', 'data/new.txt', null, 9],
    ]);
    assert.deepEqual(d.counts, { added: 1, removed: 1, changed: 1, renamed: 0, same: 1 });
    assert.equal(d.identical, false);
    assert.deepEqual([d.a.files, d.b.files, d.b.bytes], [3, 3, 4 + 9 + 9]);
  });

  it('links a renamed file by its content hash instead of reporting a removal and an addition', async () => {
    a.write('data/train.csv', 'x,y\n1,2\n');
    b.write('data/train-v2.csv', 'x,y\n1,2\n');
    const d = await diffDataSides(await side(a, 'data', 'A'), await side(b, 'data', 'B'));
    assert.deepEqual(d.files.map((f) => [f.change, f.oldPath, f.path, f.table]), [['renamed', 'data/train.csv', 'data/train-v2.csv', undefined]]);
    assert.equal(d.counts.renamed, 1);
  });

  it('reports row counts and added, removed and retyped columns of a changed CSV', async () => {
    a.write('t.csv', 'id,score,label\n1,0.5,a\n2,0.7,b\n');
    b.write('t.csv', 'id,score,weight\n1,high,3\n2,low,4\n3,mid,5\n');
    const d = await diffDataSides(await side(a, 't.csv', 'A'), await side(b, 't.csv', 'B'));
    const t = d.files[0]?.table;
    assert.deepEqual([t?.format, t?.rowsA, t?.rowsB], ['csv', 2, 3]);
    assert.deepEqual(t?.columnsAdded, [{ name: 'weight', type: 'integer' }]);
    assert.deepEqual(t?.columnsRemoved, [{ name: 'label', type: 'string' }]);
    assert.deepEqual(t?.typeChanged, [{ name: 'score', from: 'number', to: 'string' }]);
  });

  it('reports the row count of JSON Lines and TSV files that came or went, and new keys of a changed one', async () => {
    a.write('d/rows.jsonl', '{"a":1}\n{"a":2}\n');
    a.write('d/old.tsv', 'k\tv\nx\t1\n');
    b.write('d/rows.jsonl', '{"a":1,"b":"x"}\n{"a":2.5}\n\n{"a":3}\n');
    b.write('d/new.jsonl', '{"q":true}\n');
    const d = await diffDataSides(await side(a, 'd', 'A'), await side(b, 'd', 'B'));
    const by = new Map(d.files.map((f) => [f.path, f]));
    assert.deepEqual([by.get('d/new.jsonl')?.table?.rowsA, by.get('d/new.jsonl')?.table?.rowsB], [null, 1]);
    assert.deepEqual([by.get('d/old.tsv')?.table?.format, by.get('d/old.tsv')?.table?.rowsA, by.get('d/old.tsv')?.table?.rowsB], ['tsv', 1, null]);
    const rows = by.get('d/rows.jsonl')?.table;
    assert.deepEqual([rows?.rowsA, rows?.rowsB, rows?.columnsAdded, rows?.typeChanged], [2, 3, [{ name: 'b', type: 'string' }], [{ name: 'a', from: 'integer', to: 'number' }]]);
  });

  it('says per file when a side\'s content is not available, keeping what the manifests tell', async () => {
    a.write('t.csv', 'x\n1\n');
    b.write('t.csv', 'x\n1\n2\n');
    const d = await diffDataSides(await side(a, 't.csv', 'A', false), await side(b, 't.csv', 'B'));
    const f = d.files[0];
    assert.deepEqual([f?.change, f?.sizeA, f?.sizeB, f?.table?.rowsA, f?.table?.rowsB], ['changed', 4, 6, null, 2]);
    assert.match(f?.notes[0] ?? '', /A's content is not available/);
  });

  it('finds two identical versions identical', async () => {
    a.write('data/x.bin', 'abc');
    b.write('data/x.bin', 'abc');
    const d = await diffDataSides(await side(a, 'data', 'A'), await side(b, 'data', 'B'));
    assert.deepEqual([d.identical, d.files.length, d.counts.same], [true, 0, 1]);
  });
});

describe('tabular profiles', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace();
  });
  afterEach(() => ws.cleanup());

  it('knows the formats by extension', () => {
    assert.deepEqual(['a.CSV', 'b.tsv', 'c.jsonl', 'd.ndjson', 'e.json', 'f'].map(tabularFormat), ['csv', 'tsv', 'jsonl', 'jsonl', null, null]);
  });

  it('reads quoted CSV fields holding separators, quotes and newlines as one row each, and skips blank lines', async () => {
    const p = ws.write('q.csv', 'name,note\r\n"a, b","say ""hi""\nnext line"\r\n\r\nc,\n');
    const t = await profileTable(p, 'csv');
    assert.equal(t.rows, 2);
    assert.deepEqual(t.columns, [{ name: 'name', type: 'string' }, { name: 'note', type: 'string' }]);
  });

  it('counts a last row without a newline, and types an all-empty column as empty', async () => {
    const t = await profileTable(ws.write('e.csv', 'a,b\n1,\n2,'), 'csv');
    assert.deepEqual([t.rows, t.columns.map((c) => c.type)], [2, ['integer', 'empty']]);
  });

  it('counts JSON Lines that are not objects apart', async () => {
    const t = await profileTable(ws.write('b.jsonl', '{"a":1}\nnot json\n[1]\n{"a":"x"}\n'), 'jsonl');
    assert.deepEqual([t.rows, t.badLines, t.columns], [2, 2, [{ name: 'a', type: 'mixed' }]]);
  });
});
