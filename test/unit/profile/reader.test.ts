// CSV/TSV and JSON Lines reading: RFC 4180 quoting, dialect sniffing, and malformed input (ragged
// rows, bad quoting, invalid UTF-8, a gigantic line, bad JSON) giving warnings, never a crash.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvTokenizer } from '../../../src/core/profile/csvTokenizer';
import { profileFile } from '../../../src/core/profile/profileFile';
import { sniffDialect } from '../../../src/core/profile/sniff';
import { type FileProfile } from '../../../src/core/profile/types';

let dir: string;
const SHA = 'a'.repeat(64);

async function profileText(name: string, content: string | Buffer, maxRowBytes?: number): Promise<FileProfile> {
  const path = join(dir, name);
  writeFileSync(path, content);
  return profileFile(path, SHA, Buffer.byteLength(content), { maxRowBytes });
}

/** Rows the tokenizer gives for `text` pushed in chunks of `size` bytes. */
function tokenize(text: string, size: number): string[][] {
  const rows: string[][] = [];
  const tok = new CsvTokenizer(44, (r) => {
    rows.push(Array.from({ length: r.length }, (_, i) => {
      const s = r.data.toString('utf8', r.starts[i], r.ends[i]);
      return r.quoting[i] === 2 ? s.replaceAll('""', '"') : s;
    }));
  });
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += size) tok.push(buf.subarray(i, i + size));
  tok.end();
  return rows;
}

describe('profile readers', () => {
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'runlens-profile-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tokenizes RFC 4180 quoting the same whatever the chunk boundaries', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","multi\nline"\r\n1,,3\n\n"",last,\n4,5,6';
    const expected = [['a', 'b', 'c'], ['x, y', 'say "hi"', 'multi\nline'], ['1', '', '3'], ['', 'last', ''], ['4', '5', '6']];
    for (const size of [1, 2, 3, 5, 7, 64]) assert.deepEqual(tokenize(text, size), expected, `chunks of ${size}`);
  });

  it('sniffs the delimiter and the header', () => {
    assert.deepEqual(sniffDialect('a;b;c\n1;2;3\n4;5;6\n', '.csv'), { delimiter: ';', header: true });
    assert.deepEqual(sniffDialect('x\ty\n1\t2\n', '.tsv'), { delimiter: '\t', header: true });
    assert.deepEqual(sniffDialect('1,2,3\n4,5,6\n', '.csv'), { delimiter: ',', header: false });
    assert.deepEqual(sniffDialect('"a|b",c\n1,2\n', '.csv'), { delimiter: ',', header: true });
  });

  it('names columns of a headerless file column_N', async () => {
    const p = await profileText('h.csv', '1,2\n3,4\n');
    assert.deepEqual(p.columns.map((c) => c.name), ['column_1', 'column_2']);
    assert.equal(p.rows, 2);
  });

  it('reads ragged rows with a warning: short rows are missing values, extra fields ignored', async () => {
    const p = await profileText('r.csv', 'a,b\n1,2\n3\n4,5,6\n7,8\n');
    assert.equal(p.rows, 4);
    assert.equal(p.columns[1]?.missing, 1);
    assert.equal(p.columns[1]?.count, 3);
    const w = p.warnings.find((x) => x.kind === 'ragged-rows');
    assert.match(w?.message ?? '', /2 row\(s\).*data rows 2, 3/);
  });

  it('warns about bad quoting and an unclosed quote instead of failing', async () => {
    const p = await profileText('q.csv', 'a,b\n"x"y,1\n2,"never closed\n');
    assert.equal(p.rows, 2);
    assert.ok(p.warnings.some((w) => w.kind === 'bad-quoting'), JSON.stringify(p.warnings));
  });

  it('warns about invalid UTF-8 per column', async () => {
    const bytes = Buffer.concat([Buffer.from('name,n\nok,1\n'), Buffer.from([0xff, 0xfe]), Buffer.from(',2\n')]);
    const p = await profileText('u.csv', bytes);
    assert.match(p.warnings.find((w) => w.kind === 'invalid-utf8')?.message ?? '', /name \(1\)/);
  });

  it('skips a line longer than the limit with a warning, in bounded memory', async () => {
    const p = await profileText('l.csv', `a,b\n1,2\n${'9'.repeat(5000)},3\n4,5\n`, 1024);
    assert.equal(p.rows, 2);
    assert.equal(p.columns[0]?.numeric?.max, 4);
    assert.ok(p.warnings.some((w) => w.kind === 'long-line'));
  });

  it('counts values of another type as invalid with a mixed-types warning', async () => {
    const p = await profileText('m.csv', `x\n${Array.from({ length: 99 }, (_, i) => i).join('\n')}\noops\n`);
    assert.equal(p.columns[0]?.type, 'numeric');
    assert.equal(p.columns[0]?.invalid, 1);
    assert.match(p.warnings.find((w) => w.kind === 'mixed-types')?.message ?? '', /1 of 100/);
  });

  it('reads JSON Lines: keys as columns, absent keys and null missing, bad lines warned', async () => {
    const p = await profileText('j.jsonl', '{"a":1,"b":"x"}\n{"a":2}\nnot json\n{"a":null,"b":"y","c":true}\n[1]\n');
    assert.equal(p.rows, 3);
    assert.deepEqual(p.columns.map((c) => [c.name, c.type, c.count, c.missing]), [['a', 'numeric', 2, 1], ['b', 'categorical', 2, 1], ['c', 'boolean', 1, 2]]);
    assert.match(p.warnings.find((w) => w.kind === 'bad-json')?.message ?? '', /^2 line/);
  });

  it('types booleans, dates and pandas missing markers', async () => {
    const p = await profileText('t.csv', 'b,d,n\ntrue,2024-01-02,NA\nFalse,2024-02-03T10:00:00Z,null\ntrue,2024-03-04,\n');
    assert.deepEqual(p.columns.map((c) => [c.type, c.missing]), [['boolean', 0], ['datetime', 0], ['empty', 3]]);
    assert.equal(p.columns[1]?.numeric?.min, Date.parse('2024-01-02T00:00:00Z'));
  });
});
