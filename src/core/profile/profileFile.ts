// Profiles one tabular file by its extension (CSV/TSV or JSON Lines) and turns what the reader
// gathered into a FileProfile, with a warning per column that held values of another type.
import { extname } from 'node:path';
import { readCsv, type ReadResult } from './readCsv';
import { readJsonl } from './readJsonl';
import { PROFILE_FORMAT, type FileProfile, type ProfileWarning } from './types';

/** Extensions read as delimited text. */
const CSV_EXTENSIONS = new Set(['.csv', '.tsv', '.tab', '.txt']);
/** Extensions read as JSON Lines. */
const JSONL_EXTENSIONS = new Set(['.jsonl', '.ndjson']);

/** True when `path` has an extension Runlens can profile. */
export function isProfilable(path: string): boolean {
  const ext = extname(path).toLowerCase();
  return CSV_EXTENSIONS.has(ext) || JSONL_EXTENSIONS.has(ext);
}

/** Options of a profile pass. */
export interface ProfileOptions {
  readonly delimiter?: string;
  readonly header?: boolean;
  /** Longest row (or line) read; longer ones are skipped with a warning. Default 16 MiB. */
  readonly maxRowBytes?: number;
  readonly onBytes?: (n: number) => void;
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
  const read: ReadResult = jsonl
    ? await readJsonl(path, options.maxRowBytes, options.onBytes)
    : await readCsv(path, { ...options, ext });
  const columns = read.columns.map((c, i) => c.finish(read.names[i] as string));
  const warnings: ProfileWarning[] = [...read.warnings];
  for (const c of columns) {
    if (c.invalid === 0) continue;
    warnings.push({ kind: 'mixed-types', message: `column ${c.name}: ${c.invalid} of ${c.count} value(s) are not ${c.type}; left out of its statistics` });
  }
  const source: FileProfile['source'] = jsonl
    ? { kind: 'jsonl' }
    : { kind: 'csv', delimiter: read.dialect?.delimiter ?? ',', header: read.dialect?.header ?? true };
  return { format: PROFILE_FORMAT, sha256, source, rows: read.rows, bytes, columns, warnings };
}
