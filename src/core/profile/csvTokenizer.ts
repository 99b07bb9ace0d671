// A streaming CSV tokenizer over bytes (RFC 4180: quoted fields may hold delimiters, line breaks and
// doubled quotes; CRLF or LF line ends). Rows are handed out as field offsets into the current buffer,
// one row at a time or (once the columns are known) a batch of rows laid out column by column, so a
// column's statistics run over an array. Numbers are parsed without building a string. Memory is
// bounded: a row longer than `maxRowBytes` is skipped with a warning instead of growing the carry-over.

import { batchArrays, MAX_FIELDS, rowArrays, type CsvColumns, type CsvProblems, type CsvRow } from './csvFields';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Splits a byte stream into rows; call push() per chunk, then end(). */
export class CsvTokenizer {
  readonly problems: CsvProblems = { badQuoting: 0, longRows: 0, tooManyFields: 0 };
  private carry: Buffer | undefined;
  private skipping = false;
  /**
   * Per field (locals in the hot loop, so no property load per field): field f of the row being read
   * is at f * stride + rowAt, f < limit. Row mode: one row (stride 1, rowAt 0, limit MAX_FIELDS);
   * column mode: a batch of rows, column by column (stride = rows per batch, limit = columns).
   */
  private fields = rowArrays();
  /** Rows in the current batch (column mode), and who hears each batch. */
  private rowAt = 0;
  private onColumns: ((batch: CsvColumns) => void) | undefined;
  /** The one row object handed out (valid only during the callback), so no row allocates. */
  private readonly current: { -readonly [K in keyof CsvRow]: CsvRow[K] } = { ...this.fields, data: Buffer.alloc(0), length: 0 };

  constructor(
    private readonly delimiter: number,
    private readonly onRow: (row: CsvRow) => void,
    private readonly maxRowBytes = 16 * 1024 * 1024,
  ) {}

  /**
   * Switches to column mode (from the next row on, e.g. from the header row's callback): rows are
   * handed to `onColumns` in batches laid out by column, as `columns` fields each.
   */
  toColumns(columns: number, onColumns: (batch: CsvColumns) => void): void {
    this.fields = batchArrays(columns);
    this.rowAt = 0;
    this.onColumns = onColumns;
  }

  /** Hands the rows batched so far (all from `data`) to the column listener. */
  private emit(data: Buffer): void {
    if (this.rowAt === 0 || this.onColumns === undefined) return;
    const rows = this.rowAt;
    this.rowAt = 0;
    this.onColumns({ ...this.fields, data, rows });
  }

  /**
   * Hands over the incomplete last row kept from the previous push (and forgets it), so the caller
   * can read the next chunk right behind it instead of push() concatenating the two.
   */
  takeCarry(): Buffer | undefined {
    const carry = this.carry;
    this.carry = undefined;
    return carry;
  }

  /**
   * Tokenizes the rows completed by `chunk`; an incomplete last row is copied and waits for the next
   * chunk, so the caller may reuse `chunk`'s memory once push() returns.
   */
  push(chunk: Buffer): void {
    let data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = undefined;
    let pos = 0;
    if (this.skipping) {
      const nl = data.indexOf(LF);
      if (nl < 0) return;
      this.skipping = false;
      pos = nl + 1;
    }
    for (;;) {
      const next = this.row(data, pos, false);
      if (next < 0) break;
      pos = next;
    }
    this.emit(data);
    if (pos < data.length) {
      if (data.length - pos > this.maxRowBytes) {
        this.problems.longRows++;
        this.skipping = true;
      } else {
        data = data.subarray(pos);
        // Copy so the (large) chunk the row came from can be freed.
        this.carry = Buffer.from(data);
      }
    }
  }

  /**
   * Tokenizes what is left as the last row (a file need not end with a line break): the carry, or
   * `rest` when the caller took the carry with takeCarry().
   */
  end(rest?: Buffer): void {
    const data = rest ?? this.carry;
    this.carry = undefined;
    if (data && data.length > 0 && !this.skipping) {
      this.row(data, 0, true);
      this.emit(data);
    }
  }

  /** Reads one row at `pos`; returns where the next row starts, or -1 when the row is incomplete. */
  private row(data: Buffer, pos: number, last: boolean): number {
    const n = data.length;
    if (pos >= n) return -1;
    const delim = this.delimiter;
    const { starts, ends, quoting: quotings, numbers, stride, limit } = this.fields;
    const rowAt = this.rowAt;
    const byRow = this.onColumns === undefined;
    let fields = 0;
    /** Where field `fields` of this row goes: fields * stride + rowAt. */
    let at = rowAt;
    let i = pos;
    // The last field's offsets and quoting (of a one-field row: whether the line is blank).
    let start = 0;
    let end = 0;
    let quoting = 0;
    for (;;) {
      start = i;
      quoting = 0;
      let number = Number.NaN;
      if (i < n && data[i] === QUOTE) {
        quoting = 1;
        let j = i + 1;
        for (;;) {
          j = data.indexOf(QUOTE, j);
          if (j < 0 || (j + 1 >= n && !last)) {
            if (!last) return -1;
            this.problems.badQuoting++; // unclosed quote at the end of the file: keep what there is
            j = n;
            break;
          }
          if (data[j + 1] === QUOTE) { quoting = 2; j += 2; continue; }
          break;
        }
        start = i + 1;
        end = Math.min(j, n);
        i = j + 1;
        // Text after the closing quote (a"b"c): malformed; the field runs to the next delimiter.
        if (i < n && data[i] !== delim && data[i] !== LF && data[i] !== CR) {
          this.problems.badQuoting++;
          while (i < n && data[i] !== delim && data[i] !== LF) i++;
          end = i > 0 && data[i - 1] === CR && data[i] === LF ? i - 1 : i;
          quoting = 1;
        }
      } else {
        // A plain decimal is parsed in the same scan (Clinger's fast path: m / 10^k is correctly
        // rounded while m has at most 15 digits), so numbers never become strings.
        let neg = false;
        if (i < n && (data[i] === 45 || data[i] === 43)) neg = data[i++] === 45;
        let m = 0;
        let dot = -1;
        const first = i;
        for (; i < n; i++) {
          const d = (data[i] as number) - 48;
          if (d >>> 0 < 10) m = m * 10 + d; // a digit (d >>> 0: one unsigned compare)
          else if (d === -2 && dot < 0) dot = i; // '.'
          else break;
        }
        const stop = i;
        const frac = dot < 0 ? -1 : stop - dot - 1;
        while (i < n && data[i] !== delim && data[i] !== LF) i++;
        end = i > start && data[i - 1] === CR && (i === n || data[i] === LF) ? i - 1 : i;
        // m < 1e15: at most 15 significant digits (m has a digit per digit from the first nonzero one).
        if (stop === end && m < 1e15 && stop > first && !(frac === 0 && stop - first === 1)) {
          const v = frac > 0 ? m / (POW10[frac] as number) : m;
          number = neg ? -v : v;
        }
      }
      if (i >= n && !last) return -1;
      if (fields < limit) {
        numbers[at] = number;
        // By column, a number's offsets are never read: only a NaN field's are.
        if (byRow || number !== number) {
          starts[at] = start;
          ends[at] = end;
          quotings[at] = quoting;
        }
      } else if (fields === MAX_FIELDS) this.problems.tooManyFields++; // limit ≤ MAX_FIELDS
      fields++;
      at += stride;
      if (i < n && data[i] === delim) { i++; continue; }
      // Line end (or end of data): skip \r\n / \n after a quoted field.
      if (i < n && data[i] === CR) i++;
      if (i < n && data[i] === LF) i++;
      break;
    }
    // The same limit whether the row fits in one chunk or not; a blank line (one empty plain field) is no row.
    if (i - pos > this.maxRowBytes) this.problems.longRows++;
    else if (fields > 1 || end > start || quoting !== 0) this.commit(data, Math.min(fields, MAX_FIELDS));
    return i;
  }

  /** Hands the row just read over, or keeps it in the batch (the columns it lacks read as missing). */
  private commit(data: Buffer, fields: number): void {
    if (this.onColumns === undefined) {
      this.current.data = data;
      this.current.length = fields;
      this.onRow(this.current);
      return;
    }
    const { starts, ends, quoting, numbers, stride, limit, fieldCounts } = this.fields;
    for (let f = fields, at = f * stride + this.rowAt; f < limit; f++, at += stride) {
      starts[at] = ends[at] = quoting[at] = 0; // an empty plain field
      numbers[at] = Number.NaN;
    }
    fieldCounts[this.rowAt] = fields;
    if (++this.rowAt === stride) this.emit(data);
  }
}
