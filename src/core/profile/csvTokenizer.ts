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
  /**
   * Per plain field: its number when it is a plain decimal (sign, digits, one point) of at most 15
   * significant digits, parsed while it was scanned (the same double Number() gives); else NaN.
   */
  readonly numbers: Float64Array;
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
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Splits a byte stream into rows; call push() per chunk, then end(). */
export class CsvTokenizer {
  readonly problems: CsvProblems = { badQuoting: 0, longRows: 0, tooManyFields: 0 };
  private carry: Buffer | undefined;
  private skipping = false;
  /** Per field of the row being read (locals in the hot loop, so no property load per field). */
  private readonly fields = {
    starts: new Int32Array(MAX_FIELDS), ends: new Int32Array(MAX_FIELDS), quotings: new Uint8Array(MAX_FIELDS), numbers: new Float64Array(MAX_FIELDS),
  };
  /** The one row object handed out (valid only during the callback), so no row allocates. */
  private readonly current: { data: Buffer; starts: Int32Array; ends: Int32Array; quoting: Uint8Array; numbers: Float64Array; length: number } = {
    data: Buffer.alloc(0), starts: this.fields.starts, ends: this.fields.ends, quoting: this.fields.quotings, numbers: this.fields.numbers, length: 0,
  };

  constructor(
    private readonly delimiter: number,
    private readonly onRow: (row: CsvRow) => void,
    private readonly maxRowBytes = 16 * 1024 * 1024,
  ) {}

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
    if (data && data.length > 0 && !this.skipping) this.row(data, 0, true);
  }

  /** Reads one row at `pos`; returns where the next row starts, or -1 when the row is incomplete. */
  private row(data: Buffer, pos: number, last: boolean): number {
    const n = data.length;
    if (pos >= n) return -1;
    const delim = this.delimiter;
    const { starts, ends, quotings, numbers } = this.fields;
    let fields = 0;
    let i = pos;
    for (;;) {
      let start = i;
      let end: number;
      let quoting = 0;
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
        let digits = 0;
        let frac = -1;
        const first = i;
        for (; i < n; i++) {
          const c = data[i] as number;
          if (c >= 48 && c <= 57) {
            if (digits > 0 || c !== 48) digits++;
            m = m * 10 + (c - 48);
            if (frac >= 0) frac++;
          } else if (c === 46 && frac < 0) frac = 0;
          else break;
        }
        const stop = i;
        while (i < n && data[i] !== delim && data[i] !== LF) i++;
        end = i > start && data[i - 1] === CR && (i === n || data[i] === LF) ? i - 1 : i;
        if (stop === end && digits <= 15 && stop > first && !(frac === 0 && stop - first === 1)) {
          const v = frac > 0 ? m / (POW10[frac] as number) : m;
          number = neg ? -v : v;
        }
      }
      if (i >= n && !last) return -1;
      if (fields < MAX_FIELDS) {
        starts[fields] = start;
        ends[fields] = end;
        quotings[fields] = quoting;
        numbers[fields] = number;
      } else if (fields === MAX_FIELDS) this.problems.tooManyFields++;
      fields++;
      if (i < n && data[i] === delim) { i++; continue; }
      // Line end (or end of data): skip \r\n / \n after a quoted field.
      if (i < n && data[i] === CR) i++;
      if (i < n && data[i] === LF) i++;
      break;
    }
    const blank = fields === 1 && ends[0] === starts[0] && quotings[0] === 0;
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
