// Profiles of tabular files for the data diff (docs/lineage.md#data-diff): row count and columns
// with an inferred type, read in one streaming pass. CSV/TSV (RFC 4180 quoting) and JSON Lines;
// Parquet from its footer alone (parquet.ts).
import { createReadStream } from 'node:fs';
import { profileParquet } from './parquet';

/** The tabular formats the data diff understands, by file extension. */
export type TabularFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';

/**
 * A column's type as inferred from every value: `integer`, `number`, `boolean`, `string`, `object`
 * (JSON objects and arrays), `empty` (no value at all), `mixed` (JSON Lines with several types).
 * Parquet declares its types, which adds `date`, `timestamp`, `time`, `decimal` and `binary`.
 */
export type ColumnType = 'integer' | 'number' | 'boolean' | 'string' | 'object' | 'empty' | 'mixed' |
  'date' | 'timestamp' | 'time' | 'decimal' | 'binary';

/** One column of a table. */
export interface TableColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/** What a tabular file holds, structurally. */
export interface TableProfile {
  readonly format: TabularFormat;
  /** Data rows (the CSV header and blank lines excluded). */
  readonly rows: number;
  readonly columns: TableColumn[];
  /** JSON Lines that are not a JSON object (counted apart, not in `rows`). */
  readonly badLines: number;
}

/** The tabular format of a path by its extension, or null for any other file. */
export function tabularFormat(path: string): TabularFormat | null {
  const ext = /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'csv') return 'csv';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'parquet' || ext === 'pq') return 'parquet';
  return null;
}

const INTEGER = /^[+-]?\d+$/;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i;

/** The type of one CSV cell; null for an empty cell, which says nothing about the column. */
function cellType(v: string): ColumnType | null {
  if (v === '') return null;
  if (INTEGER.test(v)) return 'integer';
  if (NUMBER.test(v)) return 'number';
  if (/^(true|false)$/i.test(v)) return 'boolean';
  return 'string';
}

/** The type of one JSON value; null for null/absent. */
function jsonType(v: unknown): ColumnType | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'string') return 'string';
  return 'object';
}

/** Joins what a column held so far with one more value's type; `fallback` when they disagree. */
function merge(a: ColumnType | undefined, b: ColumnType, fallback: ColumnType): ColumnType {
  if (a === undefined || a === 'empty' || a === b) return b;
  if ((a === 'integer' && b === 'number') || (a === 'number' && b === 'integer')) return 'number';
  return fallback;
}

/** Streams a CSV/TSV file: fields split by `sep`, quoted fields may hold separators, quotes and newlines. */
async function profileDelimited(path: string, format: 'csv' | 'tsv'): Promise<TableProfile> {
  const sep = format === 'csv' ? ',' : '\t';
  let header: string[] | null = null;
  let types: (ColumnType | undefined)[] = [];
  let rows = 0;
  let field = '';
  let row: string[] = [];
  let inQuotes = false;
  // Just left a quoted part: a second quote means a literal quote inside it ("" in RFC 4180).
  let afterQuote = false;
  const endRow = (): void => {
    row.push(field);
    field = '';
    const r = row;
    row = [];
    if (r.length === 1 && r[0] === '') return; // a blank line is no row
    if (header === null) {
      header = r;
      types = r.map(() => undefined);
      return;
    }
    rows++;
    for (let i = 0; i < types.length && i < r.length; i++) {
      const t = cellType(r[i] as string);
      if (t !== null) types[i] = merge(types[i], t, 'string');
    }
  };
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const s = chunk as string;
    for (let i = 0; i < s.length; i++) {
      const c = s[i] as string;
      if (inQuotes) {
        if (c === '"') { inQuotes = false; afterQuote = true; } else field += c;
        continue;
      }
      if (afterQuote && c === '"') { field += '"'; inQuotes = true; afterQuote = false; continue; }
      afterQuote = false;
      if (c === sep) { row.push(field); field = ''; } else if (c === '\n') endRow();
      else if (c === '\r') continue;
      else if (c === '"' && field === '') inQuotes = true;
      else field += c;
    }
  }
  if (field !== '' || row.length > 0) endRow();
  const names: string[] = header ?? [];
  return { format, rows, badLines: 0, columns: names.map((name, i) => ({ name, type: types[i] ?? 'empty' })) };
}

/** Streams a JSON Lines file: one object per line; columns are the keys in first-seen order. */
async function profileJsonLines(path: string): Promise<TableProfile> {
  const types = new Map<string, ColumnType | undefined>();
  let rows = 0;
  let badLines = 0;
  let rest = '';
  const line = (l: string): void => {
    if (l.trim() === '') return;
    let v: unknown;
    try {
      v = JSON.parse(l);
    } catch {
      v = undefined; // not JSON: counted below as a bad line, the profile goes on
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      badLines++;
      return;
    }
    rows++;
    for (const [k, value] of Object.entries(v)) {
      const t = jsonType(value);
      const before = types.get(k);
      types.set(k, t === null ? before : merge(before, t, 'mixed'));
    }
  };
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) line(l);
  }
  line(rest);
  return { format: 'jsonl', rows, badLines, columns: [...types].map(([name, type]) => ({ name, type: type ?? 'empty' })) };
}

/** Profiles the tabular file at `path` (absolute) as `format`. */
export function profileTable(path: string, format: TabularFormat): Promise<TableProfile> {
  if (format === 'parquet') return profileParquet(path);
  return format === 'jsonl' ? profileJsonLines(path) : profileDelimited(path, format);
}
