// Parquet for the data diff (docs/lineage.md#data-diff): row count and top-level columns read from
// the file's footer metadata with hyparquet, never its data pages, so a 10 GB file costs a few reads.
import { promises as fsp } from 'node:fs';
import { type FileHandle } from 'node:fs/promises';
import type { AsyncBuffer, SchemaElement } from 'hyparquet' with { 'resolution-mode': 'import' };
import { type ColumnType, type TableProfile } from './tabular';

/** Bytes read from the end first: the footer of most files fits; a longer one costs one more read. */
const FOOTER_GUESS = 64 * 1024;

/** The type a data diff shows for one Parquet column: logical type first, then the physical one. */
export function parquetColumnType(e: SchemaElement): ColumnType {
  if ((e.num_children ?? 0) > 0) return 'object'; // a group: struct, list or map
  const logical = e.logical_type?.type;
  const converted = e.converted_type;
  if (logical === 'STRING' || logical === 'ENUM' || logical === 'JSON' || logical === 'UUID' ||
      converted === 'UTF8' || converted === 'ENUM' || converted === 'JSON') return 'string';
  if (logical === 'DATE' || converted === 'DATE') return 'date';
  if (logical === 'TIMESTAMP' || converted === 'TIMESTAMP_MILLIS' || converted === 'TIMESTAMP_MICROS' || e.type === 'INT96') return 'timestamp';
  if (logical === 'TIME' || converted === 'TIME_MILLIS' || converted === 'TIME_MICROS') return 'time';
  if (logical === 'DECIMAL' || converted === 'DECIMAL') return 'decimal';
  if (logical === 'FLOAT16') return 'number';
  if (e.type === 'BOOLEAN') return 'boolean';
  if (e.type === 'INT32' || e.type === 'INT64') return 'integer';
  if (e.type === 'FLOAT' || e.type === 'DOUBLE') return 'number';
  if (e.type === 'BYTE_ARRAY' || e.type === 'FIXED_LEN_BYTE_ARRAY') return 'binary';
  return 'empty'; // no type at all: nothing can be said about its values
}

/**
 * Random access to an open Parquet file as hyparquet reads it (footer first, then only the parts it
 * needs): shared by the data diff and the profiles, so both read a file the same way.
 */
export function parquetFile(fh: FileHandle, size: number, path: string): AsyncBuffer {
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const buf = new Uint8Array(end - start);
      let read = 0;
      while (read < buf.length) {
        const { bytesRead } = await fh.read(buf, read, buf.length - read, start + read);
        if (bytesRead === 0) throw new Error(`${path} ended early (changed while being read?)`);
        read += bytesRead;
      }
      return buf.buffer;
    },
  };
}

/**
 * Profiles the Parquet file at `path` from its footer: `num_rows` and the schema's top-level fields
 * (a nested field is one `object` column). Throws when the file is not Parquet (no `PAR1` footer).
 */
export async function profileParquet(path: string): Promise<TableProfile> {
  const { parquetMetadataAsync, parquetSchema } = await import('hyparquet');
  const fh = await fsp.open(path, 'r');
  try {
    const { size } = await fh.stat();
    const file = parquetFile(fh, size, path);
    const meta = await parquetMetadataAsync(file, { initialFetchSize: FOOTER_GUESS });
    const columns = parquetSchema(meta).children.map((c) => ({ name: c.element.name, type: parquetColumnType(c.element) }));
    return { format: 'parquet', rows: Number(meta.num_rows), columns, badLines: 0 };
  } finally {
    await fh.close();
  }
}
