// Profiles one tabular file by its extension (CSV/TSV, JSON Lines or Parquet) and turns what the reader
// gathered into a FileProfile, with a warning per column that held values of another type.
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { readCsv, type ReadResult } from './readCsv';
import { readJsonl } from './readJsonl';
import { readParquet } from './readParquet';
import { PROFILE_FORMAT, type FileProfile, type ProfileWarning } from './types';

/** Extensions read as delimited text. */
const CSV_EXTENSIONS = new Set(['.csv', '.tsv', '.tab', '.txt']);
/** Extensions read as JSON Lines. */
const JSONL_EXTENSIONS = new Set(['.jsonl', '.ndjson']);
/** Extensions read as Parquet. */
const PARQUET_EXTENSIONS = new Set(['.parquet', '.pq']);

/** True when `path` has an extension Runlens can profile. */
export function isProfilable(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return CSV_EXTENSIONS.has(ext) || JSONL_EXTENSIONS.has(ext) || PARQUET_EXTENSIONS.has(ext);
}

/** Options of a profile pass. */
export interface ProfileOptions {
  readonly delimiter?: string;
  readonly header?: boolean;
  /** Longest row (or line) read; longer ones are skipped with a warning. Default 16 MiB. */
  readonly maxRowBytes?: number;
  /** Hears each chunk read, in order (progress, or hashing in the same pass). */
  readonly onChunk?: (chunk: Buffer) => void;
  /** The file's name when `path` has none of its own (a data cache object): its extension picks the reader. */
  readonly name?: string;
}

/**
 * The profile of the file at `path`, whose content hash and size the caller knows (from hashing).
 * Throws only when the file cannot be opened or read; malformed content gives warnings.
 */
export async function profileFile(path: string, sha256: string, bytes: number, options: ProfileOptions = {}): Promise<FileProfile> {
  const ext = extname(options.name ?? path).toLowerCase();
  const jsonl = JSONL_EXTENSIONS.has(ext);
  let source: FileProfile['source'];
  let read: ReadResult;
  if (PARQUET_EXTENSIONS.has(ext)) {
    // Parquet is read by random access (footer first): a hashing listener gets the bytes in a pass of their own.
    if (options.onChunk) await streamFile(path, options.onChunk);
    const pq = await readParquet(path);
    read = pq;
    source = { kind: 'parquet', rowGroups: pq.rowGroups };
  } else if (jsonl) {
    read = await readJsonl(path, options.maxRowBytes, options.onChunk);
    source = { kind: 'jsonl' };
  } else {
    read = await readCsv(path, { ...options, ext });
    source = { kind: 'csv', delimiter: read.dialect?.delimiter ?? ',', header: read.dialect?.header ?? true };
  }
  const columns = read.columns.map((c, i) => c.finish(read.names[i] as string));
  const warnings: ProfileWarning[] = [...read.warnings];
  for (const c of columns) {
    if (c.invalid === 0) continue;
    warnings.push({ kind: 'mixed-types', message: `column ${c.name}: ${c.invalid} of ${c.count} value(s) are not ${c.type}; left out of its statistics` });
  }
  return { format: PROFILE_FORMAT, sha256, source, rows: read.rows, bytes, columns, warnings };
}

/** Hands every chunk of the file at `path` to `onChunk`, in order. */
async function streamFile(path: string, onChunk: (chunk: Buffer) => void): Promise<void> {
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) onChunk(chunk as Buffer);
}
