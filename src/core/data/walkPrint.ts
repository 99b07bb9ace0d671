// Walk fingerprints: one digest per dataset spec over every file's stat stamp (path, size, mtime and
// ctime in ns, inode, device, link target), remembered with the dataset hash it produced. A re-check still
// stats every file (an in-place edit changes only the file's own stamp), but when the digest is the
// same it skips the per-file cache lookups, the manifest and the dataset hash (docs/data-hashing.md).
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../fs/atomic';
import { type HashCache } from './cache';
import { touches, type JournalChanges, type LiveJournal } from './journalRead';
import { parseSpec } from './spec';
import { DatasetSpecError } from './types';
import { walkSpec, type WalkResult } from './walk';

/** What a fingerprint vouches for: the dataset hash, file count and bytes of the spec's manifest. */
export interface PrintedVersion {
  readonly print: string;
  readonly hash: string;
  readonly files: number;
  readonly bytes: number;
  /** Set when the walk was verified against a live change journal: its generation and the log offset read before the walk. */
  readonly journal?: { readonly token: string; readonly offset: number };
}

/** 2 added the ctime to every file's stamp: version-1 fingerprints are dropped (one full pass). */
const FORMAT = 2;

/** Where the fingerprints live inside a store root (the `.runlens` directory). */
export function printsFile(storeRoot: string): string {
  return join(storeRoot, 'cache', 'walks.json');
}

/** The key of a spec's fingerprint: the same spec text in another workspace is another dataset. */
export function printKey(root: string, spec: string): string {
  return `${root}\u0000${spec}`;
}

/**
 * The digest of one walk, or null when the walk cannot vouch for anything (an entry that could not
 * be read). Order-sensitive: a readdir that lists the same files in another order only costs a miss.
 */
export function walkPrint(w: WalkResult): string | null {
  if (!w.exists || w.errors.length > 0) return null;
  const h = createHash('sha256');
  // The numbers go in one typed array and the names in one string: 100,000 small updates would cost more.
  const stamps = new BigUint64Array(w.files.length * 5);
  let names = '';
  let i = 0;
  for (const f of w.files) {
    stamps[i++] = BigInt(f.size);
    stamps[i++] = BigInt.asUintN(64, f.mtimeNs);
    stamps[i++] = BigInt.asUintN(64, f.ctimeNs);
    stamps[i++] = f.ino;
    stamps[i++] = f.dev;
    names += `${f.rel}\u0000${f.link ?? ''}\u0000`;
  }
  h.update(stamps);
  h.update(names, 'utf8');
  h.update(JSON.stringify([w.links, w.skipped]), 'utf8');
  return h.digest('hex');
}

/**
 * The specs whose walk in `workspaceRoot` now has the fingerprint `cache` remembers, each with the
 * version it vouches for. Every file is stat-ed, except under a live change `journal`
 * (journalRead.ts): a spec verified in its generation, with no journal line under it since, is
 * taken as it is without a stat. A spec that is missing, unreadable, invalid or changed is simply
 * absent (the caller hashes it the full way, which explains what changed).
 */
export async function unchangedVersions(workspaceRoot: string, specs: readonly string[], cache: HashCache, signal?: AbortSignal, journal?: LiveJournal | null): Promise<Map<string, PrintedVersion>> {
  const root = resolve(workspaceRoot);
  const out = new Map<string, PrintedVersion>();
  const changes = journal ? await journalChanges(journal, specs.map((s) => cache.prints.get(printKey(root, s)))) : null;
  for (const spec of specs) {
    let parsed;
    try {
      parsed = parseSpec(root, spec);
    } catch (e) {
      if (e instanceof DatasetSpecError) continue; // reported by the full pass, which the caller runs for it
      throw e;
    }
    const key = printKey(root, spec);
    const known = cache.prints.get(key);
    if (journal && changes && known?.journal?.token === journal.token && !changedSince(changes, parsed.base, known.journal.offset)) {
      out.set(spec, known);
      continue;
    }
    const walk = await walkSpec(root, parsed, signal);
    const print = walkPrint(walk);
    const hit = print === null ? undefined : cache.prints.lookup(key, print);
    if (!hit) continue;
    out.set(spec, hit);
    // Verified now: later checks may trust the journal for it from the offset read before this walk.
    if (journal && changes && journalCanVouch(walk, journal.anchors)) cache.prints.set(key, { ...hit, journal: { token: journal.token, offset: journal.end } });
  }
  return out;
}

/** The journal's lines from the oldest offset any spec needs; null (trust nothing) when the log cannot be read. */
async function journalChanges(journal: LiveJournal, known: readonly (PrintedVersion | undefined)[]): Promise<JournalChanges | null> {
  const offsets = known.flatMap((v) => (v?.journal?.token === journal.token ? [v.journal.offset] : []));
  try {
    return await journal.changesSince(offsets.length > 0 ? Math.min(...offsets) : journal.end);
  } catch {
    return null; // replaced or damaged meanwhile: every spec takes its walk
  }
}

function changedSince(changes: JournalChanges, base: string, offset: number): boolean {
  for (let i = changes.paths.length - 1; i >= 0 && (changes.offsets[i] as number) >= offset; i--) {
    if (touches(base, changes.paths[i] as string)) return true;
  }
  return false;
}

/**
 * Whether the watcher sees every change of what `walk` covers: no symlink (watchers do not follow
 * them), and no folder or file named like an exclude pattern's anchor (its events may be hidden).
 */
function journalCanVouch(walk: WalkResult, anchors: ReadonlySet<string>): boolean {
  if (walk.links.length > 0 || walk.files.some((f) => f.link !== undefined)) return false;
  if (anchors.size === 0) return true;
  const named = (rel: string): boolean => rel.split('/').some((s) => anchors.has(s));
  return !walk.dirs.some(named) && !walk.files.some((f) => named(f.rel));
}

/** The fingerprints of a store, loaded whole (one small entry per spec) and saved with the stat cache. */
export class WalkPrints {
  private readonly entries = new Map<string, PrintedVersion>();
  private dirty = false;

  constructor(private readonly file: string | null) {}

  /** Loads `file`; a missing, unreadable or foreign file is an empty set (fingerprints are derived data). */
  static async load(file: string): Promise<WalkPrints> {
    const prints = new WalkPrints(file);
    let text: string;
    try {
      text = await fsp.readFile(file, 'utf8');
    } catch {
      // No fingerprints yet: every spec takes the full path once.
      return prints;
    }
    for (const [key, v] of parseEntries(text)) prints.entries.set(key, v);
    return prints;
  }

  /** The version remembered for `key`, whatever its fingerprint. */
  get(key: string): PrintedVersion | undefined {
    return this.entries.get(key);
  }

  /** The version remembered for `key` when its fingerprint is `print`. */
  lookup(key: string, print: string): PrintedVersion | undefined {
    const v = this.entries.get(key);
    return v !== undefined && v.print === print ? v : undefined;
  }

  /** Remembers what `key` hashed to under `print`. */
  set(key: string, v: PrintedVersion): void {
    const old = this.entries.get(key);
    if (old && old.print === v.print && old.hash === v.hash && old.journal?.token === v.journal?.token && old.journal?.offset === v.journal?.offset) return;
    this.entries.set(key, v);
    this.dirty = true;
  }

  /** Writes the file atomically when something changed, keeping entries another process saved meanwhile. */
  async save(): Promise<void> {
    if (this.file === null || !this.dirty) return;
    let onDisk: [string, PrintedVersion][] = [];
    try {
      onDisk = parseEntries(await fsp.readFile(this.file, 'utf8'));
    } catch {
      // Nothing saved yet by anyone: this process's entries are all there is.
    }
    const merged = new Map([...onDisk, ...this.entries]);
    await fsp.mkdir(join(this.file, '..'), { recursive: true });
    // Not fsynced: like the stat cache, losing it costs one full pass, nothing else.
    await writeFileAtomic(this.file, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(merged) }), { durable: false });
    this.dirty = false;
  }
}

function parseEntries(text: string): [string, PrintedVersion][] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // A torn or hand-edited file: dropped, since anything doubtful is re-walked rather than trusted.
    return [];
  }
  if (typeof doc !== 'object' || doc === null || (doc as { format?: unknown }).format !== FORMAT) return [];
  const entries = (doc as { entries?: unknown }).entries;
  if (typeof entries !== 'object' || entries === null) return [];
  return Object.entries(entries as Record<string, unknown>).filter((e): e is [string, PrintedVersion] => isVersion(e[1]));
}

function isVersion(v: unknown): v is PrintedVersion {
  const o = v as Partial<PrintedVersion> | null;
  return typeof o === 'object' && o !== null && typeof o.print === 'string' && typeof o.hash === 'string' &&
    typeof o.files === 'number' && typeof o.bytes === 'number' &&
    (o.journal === undefined || (typeof o.journal === 'object' && o.journal !== null && typeof o.journal.token === 'string' && typeof o.journal.offset === 'number'));
}
