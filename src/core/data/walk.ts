// Walks one parsed dataset spec and lists its files with the stat stamp the cache validates
// against. Follows symlinks (recording them), refuses loops, skips special files, and turns every
// per-entry failure into an error entry so one bad file never stops the rest.
import { lstatSync, readdirSync, readlinkSync, statSync, type BigIntStats, type Dirent } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { COOKIE_PREFIX } from './journalSync';
import type { ParsedSpec } from './spec';
import { HashAbortedError, type LinkEntry } from './types';

/**
 * A regular file found by the walk, with the stamp of the file it resolves to. The hash pass fills
 * in `sha256` or `error` (and refreshes the stamp from what it read): one record per file, so a pass
 * over 100,000 files allocates little.
 */
export interface WalkedFile {
  readonly rel: string;
  readonly abs: string;
  size: number;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
  dev: bigint;
  readonly link: string | undefined;
  sha256: string | null;
  error: string | null;
}

/** Everything one walk found. `exists` is false when the spec's base path is not there. */
export interface WalkResult {
  readonly exists: boolean;
  readonly files: WalkedFile[];
  readonly links: LinkEntry[];
  readonly errors: { path: string; message: string }[];
  readonly skipped: { path: string; reason: string }[];
  /** The folders walked (workspace-relative): the change journal checks their names (journalRead.ts). */
  readonly dirs: string[];
}

/** Folder names never walked into: version control and the Runlens store itself. */
const PRUNED: ReadonlyMap<string, string> = new Map([['.git', 'version-control folder'], ['.runlens', 'Runlens store']]);
/** Entries between yields to the event loop, so a huge walk stays cancellable. */
const YIELD_EVERY = 2000;

interface Pending { readonly abs: string; readonly rel: string; readonly chain: Chain | null }
interface Chain { readonly key: string; readonly parent: Chain | null }

/** Walks `spec` below `workspaceRoot`. Throws only for cancellation. */
export async function walkSpec(workspaceRoot: string, spec: ParsedSpec, signal?: AbortSignal): Promise<WalkResult> {
  const out: WalkResult = { exists: true, files: [], links: [], errors: [], skipped: [], dirs: [] };
  const keep = (rel: string): boolean => spec.match === null || spec.match(rel);
  const start = join(workspaceRoot, spec.base);
  const stack: Pending[] = [{ abs: start, rel: spec.base, chain: ancestors(start) }];
  let seen = 0;
  for (let item = stack.pop(); item; item = stack.pop()) {
    if (++seen % YIELD_EVERY === 0) {
      await new Promise((r) => setImmediate(r));
      if (signal?.aborted) throw new HashAbortedError();
    }
    const { abs, rel } = item;
    let st: BigIntStats;
    try {
      st = lstatSync(abs, { bigint: true });
    } catch (e) {
      if (seen === 1 && code(e) === 'ENOENT') return { ...out, exists: false };
      if (seen === 1 || keep(rel)) out.errors.push({ path: rel, message: message(e) });
      continue;
    }
    let link: string | undefined;
    if (st.isSymbolicLink()) {
      try {
        link = readlinkSync(abs);
        st = statSync(abs, { bigint: true });
      } catch (e) {
        if (!keep(rel)) continue;
        const why = code(e) === 'ENOENT' ? `dangling symlink to ${link ?? '?'}` : code(e) === 'ELOOP' ? `symlink loop (${link ?? '?'})` : message(e);
        out.errors.push({ path: rel, message: why });
        continue;
      }
    }
    if (st.isDirectory()) {
      const key = `${st.dev}:${st.ino}`;
      if (onChain(item.chain, key)) {
        out.errors.push({ path: rel, message: `symlink loop: ${link ?? rel} leads back to a folder above it` });
        continue;
      }
      if (link !== undefined) out.links.push({ path: rel, target: link });
      let entries: Dirent[];
      try {
        entries = readdirSync(abs, { withFileTypes: true });
      } catch (e) {
        out.errors.push({ path: rel, message: message(e) });
        continue;
      }
      out.dirs.push(rel);
      const chain = { key, parent: item.chain };
      for (const entry of entries) {
        const name = entry.name;
        const childRel = rel === '' ? name : `${rel}/${name}`;
        const childAbs = abs + sep + name;
        const pruned = PRUNED.get(name);
        if (rel === '' && name.startsWith(COOKIE_PREFIX)) {
          // A status check's sync file, there for a few milliseconds (journalRead.ts): never data.
        } else if (pruned !== undefined) {
          if (keep(childRel) || spec.match === null) out.skipped.push({ path: childRel, reason: pruned });
        } else if (!entry.isFile()) {
          stack.push({ abs: childAbs, rel: childRel, chain });
        } else if (keep(childRel)) {
          // The common case, kept off the stack: a plain file needs one lstat and nothing else.
          try {
            const fst = lstatSync(childAbs, { bigint: true });
            // Replaced by a folder or a fifo since readdir: left to the next pass's walk.
            if (fst.isFile()) addFile(out, childRel, childAbs, fst, undefined);
            else out.skipped.push({ path: childRel, reason: 'not a regular file' });
          } catch (e) {
            out.errors.push({ path: childRel, message: message(e) });
          }
          if (++seen % YIELD_EVERY === 0) {
            await new Promise((r) => setImmediate(r));
            if (signal?.aborted) throw new HashAbortedError();
          }
        }
      }
    } else if (!keep(rel)) {
      continue;
    } else if (st.isFile()) {
      addFile(out, rel, abs, st, link);
    } else {
      out.skipped.push({ path: rel, reason: specialKind(st) });
    }
  }
  return out;
}

function addFile(out: WalkResult, rel: string, abs: string, st: BigIntStats, link: string | undefined): void {
  if (link !== undefined) out.links.push({ path: rel, target: link });
  out.files.push({ rel, abs, size: Number(st.size), mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, ino: st.ino, dev: st.dev, link, sha256: null, error: null });
}

/** The folders above `abs`: a link back to any of them is a loop too, not only one to a walked folder. */
function ancestors(abs: string): Chain | null {
  const dirs: string[] = [];
  for (let d = dirname(abs); ; d = dirname(d)) {
    dirs.unshift(d);
    if (dirname(d) === d) break;
  }
  let chain: Chain | null = null;
  for (const d of dirs) {
    try {
      const st = statSync(d, { bigint: true });
      chain = { key: `${st.dev}:${st.ino}`, parent: chain };
    } catch {
      // An ancestor we cannot stat is not recognised; a loop through it ends in ENAMETOOLONG (an error entry).
    }
  }
  return chain;
}

function onChain(chain: Chain | null, key: string): boolean {
  for (let c = chain; c; c = c.parent) if (c.key === key) return true;
  return false;
}

function specialKind(st: BigIntStats): string {
  if (st.isFIFO()) return 'fifo (named pipe)';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  return 'not a regular file';
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

function message(e: unknown): string {
  const c = code(e);
  if (c === 'EACCES' || c === 'EPERM') return 'permission denied';
  if (c === 'ENOENT') return 'vanished while hashing';
  return (e as { message?: unknown } | null)?.message !== undefined ? String((e as { message: unknown }).message) : String(e);
}
