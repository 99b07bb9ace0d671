// Profiles a CSV/TSV file in one streaming pass: sniff the dialect from the first 64 KiB, tokenize
// chunk by chunk, and feed each field to its column; numbers are parsed straight from the bytes.
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { ColumnAccumulator } from './column';
import { CsvTokenizer, type CsvRow } from './csvTokenizer';
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
    const tok = new CsvTokenizer(dialect.delimiter.charCodeAt(0), (row) => state.row(row), options.maxRowBytes);
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

/** Receives rows: the header, then data rows into the columns. */
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

  row(r: CsvRow): void {
    if (this.columns.length === 0) {
      this.names = Array.from({ length: r.length }, (_, c) => (this.pendingHeader ? fieldText(r, c) : '') || `column_${c + 1}`);
      this.columns = this.names.map(() => new ColumnAccumulator());
      if (this.pendingHeader) { this.pendingHeader = false; return; }
    }
    this.rows++;
    const cols = this.columns;
    if (r.length !== cols.length) {
      this.ragged++;
      if (this.raggedAt.length < LISTED_ROWS) this.raggedAt.push(this.rows);
    }
    const n = Math.min(r.length, cols.length);
    const { data, starts, ends, quoting, numbers } = r;
    for (let c = 0; c < n; c++) {
      const col = cols[c] as ColumnAccumulator;
      const s = starts[c] as number;
      const e = ends[c] as number;
      const q = quoting[c];
      if (q === 0) {
        if (e === s) { col.missing++; continue; }
        const x = numbers[c] as number;
        if (x === x) { col.addNumber(x); continue; } // x === x: not NaN
      }
      if (q === 2) col.addText(fieldText(r, c));
      else col.addBytes(data, s, e);
    }
    for (let c = n; c < cols.length; c++) (cols[c] as ColumnAccumulator).missing++;
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
