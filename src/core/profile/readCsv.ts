// Profiles a CSV/TSV file in one streaming pass: sniff the dialect from the first 64 KiB, tokenize
// chunk by chunk, and feed each column its fields a batch of rows at a time (numbers parsed straight
// from the bytes, a run of them added in one call).
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { ColumnAccumulator } from './column';
import { type CsvColumns, type CsvRow } from './csvFields';
import { CsvTokenizer } from './csvTokenizer';
import { sniffDialect, type Dialect } from './sniff';
import { type ProfileWarning } from './types';

/** Bytes read per chunk. */
const CHUNK = 1 << 20;
const SNIFF_BYTES = 64 * 1024;
/** Row numbers listed in a ragged-rows warning. */
const LISTED_ROWS = 5;

/** A file's columns, rows and warnings, before its identity (hash, size) is attached. */
export interface ReadResult {
  readonly names: readonly string[];
  readonly columns: readonly ColumnAccumulator[];
  readonly rows: number;
  readonly warnings: readonly ProfileWarning[];
  readonly dialect?: Dialect;
}

/** Reading options (from the caller or the sniffer). */
export interface CsvReadOptions {
  readonly delimiter?: string;
  readonly header?: boolean;
  readonly maxRowBytes?: number;
  /** The extension that breaks a delimiter tie (".tsv"); default: the path's own. */
  readonly ext?: string;
  /** Hears each chunk read, in order (progress, or hashing in the same pass). */
  readonly onChunk?: (chunk: Buffer) => void;
}

/** Profiles the CSV/TSV file at `path`. */
export async function readCsv(path: string, options: CsvReadOptions = {}): Promise<ReadResult> {
  const fh = await open(path, 'r');
  try {
    const headBuf = Buffer.allocUnsafe(SNIFF_BYTES);
    const { bytesRead } = await fh.read(headBuf, 0, SNIFF_BYTES, 0);
    const sniffed = sniffDialect(headBuf.toString('utf8', 0, bytesRead), options.ext ?? extname(path).toLowerCase());
    const dialect: Dialect = { delimiter: options.delimiter ?? sniffed.delimiter, header: options.header ?? sniffed.header };
    const state = new RowSink(dialect.header);
    const tok = new CsvTokenizer(dialect.delimiter.charCodeAt(0), (row) => state.first(row, tok), options.maxRowBytes);
    let pos = 0;
    // One buffer for the whole file (the tokenizer copies what it keeps): the unfinished row carried
    // over from the last chunk, then the next chunk read right behind it.
    let buf = Buffer.allocUnsafe(2 * CHUNK);
    for (;;) {
      const carry = tok.takeCarry();
      const kept = carry?.length ?? 0;
      if (buf.length < kept + CHUNK) buf = Buffer.allocUnsafe(kept + CHUNK);
      if (carry) carry.copy(buf, 0);
      const { bytesRead: n } = await fh.read(buf, kept, CHUNK, pos);
      if (n === 0) {
        tok.end(carry);
        break;
      }
      pos += n;
      options.onChunk?.(buf.subarray(kept, kept + n));
      tok.push(buf.subarray(0, kept + n));
    }
    const p = tok.problems;
    const warnings = [...state.warnings()];
    if (p.badQuoting > 0) warnings.push({ kind: 'bad-quoting', message: `${p.badQuoting} field(s) with malformed quoting (text after a closing quote, or a quote never closed); read as far as the next delimiter` });
    if (p.longRows > 0) warnings.push({ kind: 'long-line', message: `${p.longRows} row(s) longer than ${Math.round((options.maxRowBytes ?? 16 * 1024 * 1024) / 1048576)} MiB skipped` });
    if (p.tooManyFields > 0) warnings.push({ kind: 'too-many-columns', message: `${p.tooManyFields} row(s) with more than 4096 fields: the rest were ignored` });
    return { names: state.names, columns: state.columns, rows: state.rows, warnings, dialect };
  } finally {
    await fh.close();
  }
}

/** Receives rows: the first (the header, or the first data row), then batches of data rows by column. */
class RowSink {
  names: string[] = [];
  columns: ColumnAccumulator[] = [];
  rows = 0;
  private ragged = 0;
  private readonly raggedAt: number[] = [];
  private pendingHeader: boolean;

  constructor(header: boolean) {
    this.pendingHeader = header;
  }

  /** The first row names the columns; the tokenizer then hands the rest over by column. */
  first(r: CsvRow, tok: CsvTokenizer): void {
    this.names = Array.from({ length: r.length }, (_, c) => (this.pendingHeader ? fieldText(r, c) : '') || `column_${c + 1}`);
    this.columns = this.names.map(() => new ColumnAccumulator());
    tok.toColumns(this.columns.length, (batch) => this.batch(batch));
    if (this.pendingHeader) { this.pendingHeader = false; return; }
    // A row is a batch of one row, laid out by column with stride 1.
    const { data, starts, ends, quoting, numbers } = r;
    this.batch({ data, rows: 1, stride: 1, starts, ends, quoting, numbers, fieldCounts: Int32Array.of(r.length) });
  }

  /** Data rows: counted (ragged ones noted), then each column's fields in one loop. */
  private batch(b: CsvColumns): void {
    const cols = this.columns;
    const { data, starts, ends, quoting, numbers, fieldCounts, stride, rows } = b;
    for (let r = 0; r < rows; r++) {
      this.rows++;
      if (fieldCounts[r] === cols.length) continue;
      this.ragged++;
      if (this.raggedAt.length < LISTED_ROWS) this.raggedAt.push(this.rows);
    }
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c] as ColumnAccumulator;
      const end = c * stride + rows;
      // Runs of numbers go in one call; any other field, in its place in the column's order.
      let run = c * stride;
      for (let i = run; i < end; i++) {
        if (numbers[i] === numbers[i]) continue; // not NaN: a number
        if (run < i) col.addNumbers(numbers, run, i);
        run = i + 1;
        const s = starts[i] as number;
        const e = ends[i] as number;
        const q = quoting[i];
        if (q === 0 && e === s) col.missing++;
        else if (q === 2) col.addText(data.toString('utf8', s, e).replaceAll('""', '"'));
        else col.addBytes(data, s, e);
      }
      if (run < end) col.addNumbers(numbers, run, end);
    }
  }

  *warnings(): Iterable<ProfileWarning> {
    if (this.ragged > 0) {
      const more = this.ragged > this.raggedAt.length ? ', ...' : '';
      yield { kind: 'ragged-rows', message: `${this.ragged} row(s) with a field count other than the header's ${this.columns.length} (data rows ${this.raggedAt.join(', ')}${more}): missing fields read as missing, extra ones ignored` };
    }
    const bad = this.columns.map((c, i) => [this.names[i], c.invalidUtf8] as const).filter(([, n]) => n > 0);
    if (bad.length > 0) yield { kind: 'invalid-utf8', message: `invalid UTF-8 in ${bad.map(([name, n]) => `${name} (${n})`).join(', ')}: bytes read as U+FFFD` };
  }
}

function fieldText(r: CsvRow, c: number): string {
  const text = r.data.toString('utf8', r.starts[c], r.ends[c]);
  return r.quoting[c] === 2 ? text.replaceAll('""', '"') : text;
}
