// The catalog file beside the summary index (docs/store-format.md, "Catalog"): the names the index's
// records have, and how far into which index file they go. Reading it extends it by the batches
// appended to the index since (incremental), or rebuilds it from the whole index when the index
// was rewritten; it also says which runs changed since the index's last batch (from journal.log).
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic';
import { type ErrorSink, bestEffort, ignoreErrors } from '../errors';
import { addToCatalog, type CatalogSource, catalogJson, parseCatalogJson, type RunCatalog, emptyCatalog } from './catalog';
import { type Checkpoint } from './index-file';
import { type StoreLayout } from './layout';
import { indexPath, SUMMARY_INDEX } from './run-index';

/** Version of the catalog file's format (in its name: another format never shares the file). */
export const CATALOG_FORMAT = 1;

/** What reading the catalog gives. */
export interface CatalogRead {
  /** The names of every run the summary index holds (and of some since removed: it only grows). */
  readonly catalog: RunCatalog;
  /**
   * Runs changed since the index's last batch (journal.log names them), whose names may not be in
   * the catalog yet; runs not in a terminal status are never in the index either. Undefined when the
   * journal was replaced since: then any run may be missing, and the caller walks them all.
   */
  readonly unindexed: readonly string[] | undefined;
}

/** How to read the catalog. */
export interface CatalogOptions {
  /**
   * false: give up (undefined) rather than rebuild a catalog that is missing or of another index
   * file. A rebuild parses every record (seconds at 100,000 runs); a caller that holds the runs
   * anyway walks them faster, and rebuilds the catalog later, off its critical path.
   */
  readonly rebuild?: boolean;
}

/** Path of the catalog file. */
export function catalogPath(layout: StoreLayout): string {
  return join(layout.indexDir, `catalog-${CATALOG_FORMAT}.json`);
}

/** What the catalog file holds besides the names: the index file and byte it covers, and that byte's checkpoint. */
interface Covered {
  readonly ino: number;
  readonly size: number;
  readonly checkpoint: Checkpoint;
  /** The checkpoint line ending at `size` (checked again: an inode number can be reused). */
  readonly last: string;
}

const CHUNK = 4 * 1024 * 1024;
const RECORD_PREFIX = '{"id":"';
const REMOVAL_SUFFIX = '"removed":true}';

/**
 * The catalog of the summary index, brought up to date with the index's batches and saved again
 * when it grew; undefined when there is no summary index yet (or it cannot be read as expected: the
 * caller then walks its runs, and the next listing rebuilds the index), or when it would have to be
 * rebuilt and `options.rebuild` is false.
 */
export async function readCatalog(layout: StoreLayout, sink: ErrorSink = ignoreErrors, options: CatalogOptions = {}): Promise<CatalogRead | undefined> {
  const path = indexPath(layout, SUMMARY_INDEX.name);
  const fh = await fsp.open(path, 'r').catch(() => undefined); // no index yet: nothing to read names from
  if (!fh) return undefined;
  let scanned: { catalog: RunCatalog; covered: Covered; grew: boolean } | undefined;
  try {
    const { ino, size } = await fh.stat();
    const saved = await bestEffort('the catalog', async () => parseSaved(await fsp.readFile(catalogPath(layout), 'utf8')), ignoreErrors);
    const from = saved && saved.covered.ino === ino && saved.covered.size <= size && (await stillCovers(fh, saved.covered)) ? saved : undefined;
    if (!from && options.rebuild === false) return undefined;
    scanned = await scan(fh, size, from?.catalog ?? emptyCatalog(), from?.covered ?? { ino, size: 0, checkpoint: { journal: 0, journalIno: 0 }, last: '' });
    if (!scanned) return undefined;
  } finally {
    await fh.close();
  }
  const { catalog, covered, grew } = scanned;
  if (grew) {
    const json = JSON.stringify({ runlensCatalog: SUMMARY_INDEX.name, format: CATALOG_FORMAT, covered, ...catalogJson(catalog) });
    await bestEffort('the catalog file', () => writeFileAtomic(catalogPath(layout), `${json}\n`, { durable: false }), sink);
  }
  return { catalog, unindexed: await journalSince(layout, covered.checkpoint) };
}

/** Adds the names of `runs` (live ones, changed ones the read said are unindexed) to a catalog. */
export function withRuns(catalog: RunCatalog, runs: Iterable<CatalogSource>): RunCatalog {
  for (const r of runs) addToCatalog(catalog, r);
  return catalog;
}

function parseSaved(text: string): { catalog: RunCatalog; covered: Covered } | undefined {
  const raw = JSON.parse(text) as { runlensCatalog?: unknown; format?: unknown; covered?: Partial<Covered> } | null;
  if (raw?.runlensCatalog !== SUMMARY_INDEX.name || raw.format !== CATALOG_FORMAT) return undefined;
  const c = raw.covered;
  const numbers = [c?.ino, c?.size, c?.checkpoint?.journal, c?.checkpoint?.journalIno];
  if (!c || !numbers.every((n) => typeof n === 'number') || typeof c.last !== 'string') return undefined;
  const catalog = parseCatalogJson(raw);
  return catalog && { catalog, covered: c as Covered };
}

/**
 * Reads the index from `covered.size` to `size`, adding the names of each complete batch's records
 * (a batch counts once its checkpoint line is there). Undefined when a record cannot be parsed.
 */
async function scan(fh: fsp.FileHandle, size: number, catalog: RunCatalog, covered: Covered): Promise<{ catalog: RunCatalog; covered: Covered; grew: boolean } | undefined> {
  let at = covered.size; // file offset of the next byte to read
  let end = covered;
  let batch: CatalogSource[] = [];
  let grew = false;
  let carry = Buffer.alloc(0); // a line begun in the last chunk
  while (at < size) {
    const chunk = Buffer.alloc(Math.min(CHUNK, size - at));
    const { bytesRead } = await fh.read(chunk, 0, chunk.length, at);
    if (bytesRead === 0) break;
    const buf = Buffer.concat([carry, chunk.subarray(0, bytesRead)]);
    let lineAt = at - carry.length; // file offset of buf[0]
    at += bytesRead;
    let pos = 0;
    for (let nl; (nl = buf.indexOf(10, pos)) >= 0; pos = nl + 1) {
      const line = buf.toString('utf8', pos, nl);
      lineAt += nl + 1 - pos;
      if (line.startsWith(RECORD_PREFIX)) {
        if (line.endsWith(REMOVAL_SUFFIX)) continue;
        try {
          batch.push(JSON.parse(line) as CatalogSource);
        } catch { // a garbled record: the index is rebuilt by the next listing, the caller walks its runs meanwhile
          return undefined;
        }
        continue;
      }
      const c = parseLine(line);
      if (!c) return undefined;
      if (!('journal' in c)) continue; // the header
      for (const r of batch) addToCatalog(catalog, { experiment: r.experiment ?? null, params: r.params ?? {}, metrics: r.metrics ?? {}, datasets: r.datasets ?? [] });
      grew = true;
      batch = [];
      end = { ino: covered.ino, size: lineAt, checkpoint: { journal: c.journal, journalIno: c.journalIno }, last: line };
    }
    carry = buf.subarray(pos);
  }
  return { catalog, covered: end, grew };
}

/** Whether the line before byte `covered.size` of the file is the checkpoint the catalog ended on (an inode number can be reused). */
async function stillCovers(fh: fsp.FileHandle, covered: Covered): Promise<boolean> {
  if (covered.size === 0) return true;
  const bytes = Buffer.byteLength(covered.last) + 1;
  const buf = Buffer.alloc(bytes);
  const { bytesRead } = await fh.read(buf, 0, bytes, covered.size - bytes);
  return bytesRead === bytes && buf.toString('utf8') === `${covered.last}\n`;
}

/** A checkpoint line's numbers, `{}` for the index's header, undefined for anything else. */
function parseLine(line: string): Checkpoint | Record<string, never> | undefined {
  try {
    const raw = JSON.parse(line) as { journal?: unknown; journalIno?: unknown; runlensIndex?: unknown };
    if (typeof raw.journal === 'number' && typeof raw.journalIno === 'number') return { journal: raw.journal, journalIno: raw.journalIno };
    return typeof raw.runlensIndex === 'string' ? {} : undefined;
  } catch { // not JSON: not an index line
    return undefined;
  }
}

/** Run ids journal.log names after `checkpoint`; undefined when the journal is not the one it counts in. */
async function journalSince(layout: StoreLayout, checkpoint: Checkpoint): Promise<string[] | undefined> {
  const stat = await fsp.stat(layout.journalFile).catch(() => undefined); // no journal yet: nothing changed
  if (!stat) return checkpoint.journal === 0 ? [] : undefined;
  if (stat.size < checkpoint.journal || (checkpoint.journal > 0 && stat.ino !== checkpoint.journalIno)) return undefined;
  if (stat.size === checkpoint.journal) return [];
  const fh = await fsp.open(layout.journalFile, 'r');
  try {
    const buf = Buffer.alloc(stat.size - checkpoint.journal);
    await fh.read(buf, 0, buf.length, checkpoint.journal);
    return [...new Set(buf.toString('utf8').split('\n').map((l) => l.trim()).filter(Boolean))];
  } finally {
    await fh.close();
  }
}
