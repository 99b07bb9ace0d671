// The canonical form of a dataset manifest and the dataset hash over it, plus the per-file diff of
// two manifests (`runlens diff`). The form is a documented contract: changing it changes every hash.
import { createHash } from 'node:crypto';
import type { DatasetManifest, FileEntry } from './types';

/** Characters whose code-unit order can differ from UTF-8 byte order (surrogates and above). */
const HIGH = /[\ud800-\uffff]/;

/**
 * Orders paths by their UTF-8 bytes, so the order (and the dataset hash) is the same in any
 * language. For strings below U+D800, UTF-16 code-unit order already equals UTF-8 byte order.
 */
export function comparePaths(a: string, b: string): number {
  if (HIGH.test(a) || HIGH.test(b)) return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts entries in place by path (comparePaths), fast when no path holds characters from U+D800 up. */
export function sortByPath<T extends { readonly path: string }>(entries: T[]): T[] {
  if (entries.some((e) => HIGH.test(e.path))) return entries.sort((x, y) => comparePaths(x.path, y.path));
  return entries.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
}

/** Escapes a path for its canonical line: `\` -> `\\`, newline -> `\n`, CR -> `\r`, so lines stay one per file. */
function escapePath(path: string): string {
  return /[\\\n\r]/.test(path) ? path.replace(/[\\\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : '\\r')) : path;
}

/**
 * The canonical manifest: for each file, sorted by comparePaths, the line
 * `<sha256 hex>  <size in decimal>  <escaped path>\n` (two spaces between fields), UTF-8.
 * Symlink targets, mtimes and errors are not part of it: the hash identifies names and contents.
 */
export function canonicalManifest(files: readonly FileEntry[]): string {
  let out = '';
  // Sorting a copy that is already in order (the usual case) costs one linear pass.
  for (const f of sortByPath([...files])) out += `${f.sha256}  ${f.size}  ${escapePath(f.path)}\n`;
  return out;
}

/** The dataset hash: SHA-256 (hex) of the canonical manifest. An empty dataset hashes the empty string. */
export function datasetHash(files: readonly FileEntry[]): string {
  // Fed in ~64 KB pieces: one 10 MB string for 100,000 files would cost more to build than to hash.
  const hash = createHash('sha256');
  let chunk = '';
  for (const f of sortByPath([...files])) {
    chunk += `${f.sha256}  ${f.size}  ${escapePath(f.path)}\n`;
    if (chunk.length >= 65536) {
      hash.update(chunk, 'utf8');
      chunk = '';
    }
  }
  return hash.update(chunk, 'utf8').digest('hex');
}

/** What differs between two manifests of the same dataset, each list sorted by path. */
export interface ManifestDiff {
  readonly added: string[];
  readonly removed: string[];
  /** Same path, different content (SHA-256 or size). */
  readonly modified: string[];
}

/** Compares two manifests file by file (`a` = before, `b` = after). A rename is a remove plus an add. */
export function diffManifests(a: Pick<DatasetManifest, 'files'>, b: Pick<DatasetManifest, 'files'>): ManifestDiff {
  const before = new Map(a.files.map((f) => [f.path, f]));
  const added: string[] = [];
  const modified: string[] = [];
  for (const f of b.files) {
    const old = before.get(f.path);
    if (!old) added.push(f.path);
    else if (old.sha256 !== f.sha256 || old.size !== f.size) modified.push(f.path);
    before.delete(f.path);
  }
  const removed = [...before.keys()];
  return { added: added.sort(comparePaths), removed: removed.sort(comparePaths), modified: modified.sort(comparePaths) };
}
