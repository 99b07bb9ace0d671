// The shapes the CSV tokenizer hands out (one row, or a batch of rows laid out by column) and the
// typed arrays behind them: offsets, quoting and the parsed number of every field.

/** Fields kept per row. */
export const MAX_FIELDS = 4096;
/** Fields held per batch of rows laid out by column, and the most rows a batch holds. */
const BATCH_FIELDS = 1 << 18;
const MAX_BATCH_ROWS = 8192;

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

/**
 * Rows of one buffer laid out by column (valid only during the callback): column c's field of row r
 * is at index c * stride + r of the field arrays. A row with fewer fields than columns has the
 * rest as empty plain fields (missing); fields past the last column are dropped.
 */
export interface CsvColumns extends Omit<CsvRow, 'length'> {
  readonly rows: number;
  readonly stride: number;
  /** Per row: the fields it had (at most MAX_FIELDS), before the filling and dropping. */
  readonly fieldCounts: Int32Array;
}

/** Problems the tokenizer met, counted. */
export interface CsvProblems {
  badQuoting: number;
  longRows: number;
  tooManyFields: number;
}

/** The arrays the tokenizer writes: field f of row r at f * stride + r, for f < limit. */
export interface FieldArrays extends Omit<CsvColumns, 'data' | 'rows'> {
  readonly limit: number;
}

/** Arrays for one row (stride 1) of up to MAX_FIELDS fields. */
export function rowArrays(): FieldArrays {
  return fieldArrays(MAX_FIELDS, 1);
}

/** Arrays for a batch of rows of `columns` fields: as many rows as BATCH_FIELDS fields allow, at most MAX_BATCH_ROWS. */
export function batchArrays(columns: number): FieldArrays {
  const limit = Math.max(1, Math.min(columns, MAX_FIELDS));
  return fieldArrays(limit, Math.max(1, Math.min(MAX_BATCH_ROWS, Math.floor(BATCH_FIELDS / limit))));
}

function fieldArrays(limit: number, stride: number): FieldArrays {
  const size = limit * stride;
  return {
    starts: new Int32Array(size), ends: new Int32Array(size), quoting: new Uint8Array(size), numbers: new Float64Array(size),
    stride, limit, fieldCounts: new Int32Array(stride),
  };
}
