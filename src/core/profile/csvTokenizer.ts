// A streaming CSV tokenizer over bytes (RFC 4180: quoted fields may hold delimiters, line breaks and
// doubled quotes; CRLF or LF line ends). Rows are handed out as field offsets into the current buffer,
// so a number is parsed without building a string. Memory is bounded: a row longer than `maxRowBytes`
// is skipped with a warning instead of growing the carry-over buffer.

/** Field offsets of one row, valid only during the callback. */
export interface CsvRow {
  readonly data: Buffer;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Per field: 0 plain, 1 quoted, 2 quoted with doubled quotes to undo. */
  readonly quoting: Uint8Array;
  /** Fields in this row (only the first MAX_FIELDS are kept). */
  readonly length: number;
}

/** Problems the tokenizer met, counted. */
export interface CsvProblems {
  badQuoting: number;
  longRows: number;
  tooManyFields: number;
}

/** Fields kept per row. */
export const MAX_FIELDS = 4096;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/** Splits a byte stream into rows; call push() per chunk, then end(). */
export class CsvTokenizer {
  readonly problems: CsvProblems = { badQuoting: 0, longRows: 0, tooManyFields: 0 };
  private carry: Buffer | undefined;
  private skipping = false;
  private readonly starts = new Int32Array(MAX_FIELDS);
  private readonly ends = new Int32Array(MAX_FIELDS);
  private readonly quoting = new Uint8Array(MAX_FIELDS);
  /** The one row object handed out (valid only during the callback), so no row allocates. */
  private readonly current: { data: Buffer; starts: Int32Array; ends: Int32Array; quoting: Uint8Array; length: number } = {
    data: Buffer.alloc(0), starts: this.starts, ends: this.ends, quoting: this.quoting, length: 0,
  };

  constructor(
    private readonly delimiter: number,
    private readonly onRow: (row: CsvRow) => void,
    private readonly maxRowBytes = 16 * 1024 * 1024,
  ) {}

  /** Tokenizes the rows completed by `chunk`; an incomplete last row waits for the next chunk. */
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

  /** Tokenizes what is left as the last row (a file need not end with a line break). */
  end(): void {
    const data = this.carry;
    this.carry = undefined;
    if (data && data.length > 0 && !this.skipping) this.row(data, 0, true);
  }

  /** Reads one row at `pos`; returns where the next row starts, or -1 when the row is incomplete. */
  private row(data: Buffer, pos: number, last: boolean): number {
    const n = data.length;
    if (pos >= n) return -1;
    const delim = this.delimiter;
    let fields = 0;
    let i = pos;
    for (;;) {
      let start = i;
      let end: number;
      let quoting = 0;
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
        while (i < n && data[i] !== delim && data[i] !== LF) i++;
        end = i > start && data[i - 1] === CR && (i === n || data[i] === LF) ? i - 1 : i;
      }
      if (i >= n && !last) return -1;
      if (fields < MAX_FIELDS) {
        this.starts[fields] = start;
        this.ends[fields] = end;
        this.quoting[fields] = quoting;
      } else if (fields === MAX_FIELDS) this.problems.tooManyFields++;
      fields++;
      if (i < n && data[i] === delim) { i++; continue; }
      // Line end (or end of data): skip \r\n / \n after a quoted field.
      if (i < n && data[i] === CR) i++;
      if (i < n && data[i] === LF) i++;
      break;
    }
    const blank = fields === 1 && this.ends[0] === this.starts[0] && this.quoting[0] === 0;
    // The same limit whether the row fits in one chunk or not.
    if (i - pos > this.maxRowBytes) this.problems.longRows++;
    else if (!blank) {
      const row = this.current;
      row.data = data;
      row.length = Math.min(fields, MAX_FIELDS);
      this.onRow(row);
    }
    return i;
  }
}
