// The on-disk layout of a store (docs/store-format.md) and its format-version gate: every path
// the store uses is built here, and every reader checks the format file before trusting the rest.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { isExists, isNotFound } from '../fs/atomic';
import { NODE_STORE_IO, type StoreIo } from './io';

/** Name of the store directory at the workspace root. */
export const STORE_DIR = '.runlens';
/** The store format this code reads and writes. */
export const STORE_FORMAT_VERSION = 1;

/** The store (or one of its runs) was written by a newer or unknown format; nothing is read. */
export class StoreFormatError extends Error {
  constructor(
    message: string,
    /** What the user can do about it (for a damaged format file: restore or remove it). */
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'StoreFormatError';
  }
}

/** What to do about a damaged format file: the runs do not depend on it. */
function damagedFormatHint(where: string): string {
  return `restore ${where} from a backup, or remove it: Runlens then writes a new one for format ${STORE_FORMAT_VERSION} ` +
    '(the runs are kept in their own folders and are not affected).';
}

/** Paths inside one store root (the `.runlens` directory). */
export class StoreLayout {
  constructor(
    readonly root: string,
    /** How a new run's files are written (a test injects a failing write here). */
    readonly io: StoreIo = NODE_STORE_IO,
  ) {}
  get formatFile(): string { return join(this.root, 'format.json'); }
  get gitignore(): string { return join(this.root, '.gitignore'); }
  get runsDir(): string { return join(this.root, 'runs'); }
  get trashDir(): string { return join(this.root, 'trash'); }
  get namesDir(): string { return join(this.root, 'names'); }
  /** The derived listing index (store/run-index.ts). */
  get indexDir(): string { return join(this.root, 'index'); }
  /** The listing index of Runlens versions before the index/ directory; removed when the new one is written. */
  get legacyIndexFile(): string { return join(this.root, 'index.json'); }
  get journalFile(): string { return join(this.root, 'journal.log'); }
  runDir(id: string): string { return join(this.runsDir, id); }
  trashRunDir(id: string): string { return join(this.trashDir, id); }
}

/** Files inside one run directory. */
export const RUN_FILES = {
  manifest: 'run.json',
  metrics: 'metrics.jsonl',
  log: 'output.log',
  heartbeat: 'heartbeat',
  lock: 'manifest.lock',
  series: 'series',
} as const;

/** Checks a parsed format file; throws StoreFormatError for anything this code cannot read. */
export function checkFormat(raw: unknown, where: string): void {
  const format = (raw as { format?: unknown } | null)?.format;
  if (format === STORE_FORMAT_VERSION) return;
  if (typeof format === 'number' && Number.isInteger(format) && format > STORE_FORMAT_VERSION) {
    throw new StoreFormatError(
      `${where} uses store format ${format}, but this Runlens reads format ${STORE_FORMAT_VERSION}. ` +
        'Update Runlens to read it; nothing was changed.');
  }
  throw new StoreFormatError(`${where} has an unknown store format (${JSON.stringify(format)}); expected ${STORE_FORMAT_VERSION}.`, damagedFormatHint(where));
}

/** Reads and checks the format file. A store without one (not created yet, or its creator died
 * before writing it) is treated as the current format. */
export async function readFormat(layout: StoreLayout): Promise<void> {
  let text: string;
  try {
    text = await fsp.readFile(layout.formatFile, 'utf8');
  } catch (e) {
    if (isNotFound(e)) return;
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // The parse error's details add nothing to the message below.
    throw new StoreFormatError(`${layout.formatFile} is not valid JSON; the store format cannot be determined.`, damagedFormatHint(layout.formatFile));
  }
  checkFormat(raw, layout.formatFile);
}

/**
 * Creates the store skeleton if missing: directory, its own `.gitignore` and the format file.
 * Safe with concurrent creators: the format file is linked into place, so it appears whole or not at all.
 */
export async function ensureStore(layout: StoreLayout): Promise<void> {
  await fsp.mkdir(layout.runsDir, { recursive: true });
  await fsp.mkdir(layout.trashDir, { recursive: true });
  await fsp.mkdir(layout.namesDir, { recursive: true });
  await createOnce(layout.gitignore, '# Runlens run store: local data, never committed.\n*\n');
  await createOnce(layout.formatFile, `${JSON.stringify({ format: STORE_FORMAT_VERSION, kind: 'runlens-store' })}\n`);
}

async function createOnce(path: string, content: string): Promise<void> {
  // Unique per call: creators in one process (runs created in parallel) must not share a temp file.
  const tmp = `${path}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  await fsp.writeFile(tmp, content);
  try {
    await fsp.link(tmp, path);
  } catch (e) {
    if (!isExists(e)) throw e;
  } finally {
    await fsp.rm(tmp, { force: true });
  }
}
