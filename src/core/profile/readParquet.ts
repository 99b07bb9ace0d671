// Profiles a Parquet file with hyparquet (pure JavaScript, no native build), one column chunk of one
// row group at a time, so memory is bounded by a column chunk whatever the file's size. Values keep
// the types the schema gives them: numbers (INT*, FLOAT, DOUBLE, DECIMAL), booleans, datetimes
// (DATE, TIMESTAMP, INT96) and strings, which are categories or text by cardinality, as for CSV.
import { open } from 'node:fs/promises';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parquetFile } from '../data/parquet';
import { ColumnAccumulator } from './column';
import { errorMessage } from '../errors';
import { type ReadResult } from './readCsv';
import { type ProfileWarning } from './types';

// hyparquet is an ES module: loaded with import() (bundled into dist, external in the tests).
import type * as Hyparquet from 'hyparquet' with { 'resolution-mode': 'import' };
import type { Compressors, FileMetaData } from 'hyparquet' with { 'resolution-mode': 'import' };

/** Problems listed per file before the rest are only counted. */
const LISTED = 5;

/** Codecs hyparquet leaves to the caller that Node has built in (it decodes Snappy itself). */
const COMPRESSORS: Compressors = {
  GZIP: (input) => new Uint8Array(gunzipSync(input)),
  BROTLI: (input) => new Uint8Array(brotliDecompressSync(input)),
};

/** A Parquet file's columns, rows, row groups and warnings. */
export interface ParquetReadResult extends ReadResult {
  readonly rowGroups: number;
}

/** Adds one decoded value to its column by its JavaScript type (hyparquet's decoding of the schema). */
export function addParquetValue(col: ColumnAccumulator, v: unknown): void {
  if (v === null || v === undefined) col.missing++;
  else if (typeof v === 'number') {
    if (Number.isFinite(v)) col.addNumber(v);
    else if (Number.isNaN(v)) col.missing++; // pandas reads a float NaN as missing
    else col.addString(String(v));
  } else if (typeof v === 'bigint') col.addNumber(Number(v));
  else if (typeof v === 'boolean') col.addBoolean(v);
  else if (typeof v === 'string') col.addString(v);
  else if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) col.missing++;
    else col.addDate(ms, v.toISOString());
  } else {
    // Lists, maps, structs, bytes: text, as nested JSON values are.
    col.addString(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)));
  }
}

/** Profiles the Parquet file at `path`; an unreadable file or part of one is a warning. */
export async function readParquet(path: string): Promise<ParquetReadResult> {
  const hp: typeof Hyparquet = await import('hyparquet');
  const fh = await open(path, 'r');
  try {
    const file = parquetFile(fh, (await fh.stat()).size, path);
    let metadata: FileMetaData;
    try {
      metadata = await hp.parquetMetadataAsync(file);
    } catch (e) {
      return { names: [], columns: [], rows: 0, rowGroups: 0, warnings: [{ kind: 'unreadable', message: `not a readable Parquet file: ${errorMessage(e)}` }] };
    }
    const names = hp.parquetSchema(metadata).children.map((c) => c.element.name);
    const columns = names.map(() => new ColumnAccumulator());
    const failures: string[] = [];
    let failed = 0;
    let groupStart = 0;
    for (const [g, group] of metadata.row_groups.entries()) {
      const groupEnd = groupStart + Number(group.num_rows);
      for (const [i, name] of names.entries()) {
        const col = columns[i] as ColumnAccumulator;
        let fed = 0;
        try {
          await hp.parquetRead({
            file, metadata, columns: [name], rowStart: groupStart, rowEnd: groupEnd, compressors: COMPRESSORS,
            onChunk: (chunk) => {
              // A chunk may hold rows outside the requested range: take only this group's.
              const from = Math.max(chunk.rowStart, groupStart);
              const to = Math.min(chunk.rowEnd, groupEnd);
              const data = chunk.columnData;
              for (let r = from; r < to; r++) addParquetValue(col, data[r - chunk.rowStart]);
              fed += Math.max(0, to - from);
            },
          });
        } catch (e) {
          failed++;
          if (failures.length < LISTED) failures.push(`row group ${g + 1}, column ${name}: ${errorMessage(e)}`);
        }
        // Rows of a part that could not be decoded count as missing, so every column has every row.
        col.missing += Math.max(0, groupEnd - groupStart - fed);
      }
      groupStart = groupEnd;
    }
    const warnings: ProfileWarning[] = [];
    if (failed > 0) {
      warnings.push({ kind: 'unreadable', message: `${failed} column chunk(s) could not be decoded and count as missing (${failures.join('; ')}${failed > failures.length ? '; ...' : ''})` });
    }
    return { names, columns, rows: groupStart, rowGroups: metadata.row_groups.length, warnings };
  } finally {
    await fh.close();
  }
}
