// Parser for `git status --porcelain=v2 -z --branch`: the one status call a capture makes, giving
// the commit, branch, changed and untracked paths (NUL-separated, so any file name is safe).

/** One tracked path that differs between HEAD, the index and the working tree. */
export interface StatusEntry {
  readonly path: string;
  /** Staged (X) and working-tree (Y) state letters, '.' meaning unchanged. */
  readonly x: string;
  readonly y: string;
  /** Set for submodules (gitlinks): 'N...' is a plain path, 'S<c><m><u>' a submodule. */
  readonly submodule: string;
  /** Original path of a staged rename or copy. */
  readonly origPath?: string;
  readonly unmerged: boolean;
}

/** The parsed status: branch header plus entries. */
export interface ParsedStatus {
  /** Commit of HEAD, or null on an unborn branch (a repository without commits). */
  readonly oid: string | null;
  /** Branch name, or null when HEAD is detached. */
  readonly branch: string | null;
  readonly detached: boolean;
  readonly entries: StatusEntry[];
  /** Untracked, not ignored paths; a nested repository shows as its directory with a trailing '/'. */
  readonly untracked: string[];
}

/** Splits off `count` space-separated fields; the remainder (which may contain spaces) is the path. */
function fields(record: string, count: number): { parts: string[]; rest: string } {
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    const sp = record.indexOf(' ', at);
    if (sp < 0) throw new Error(`malformed git status record: ${JSON.stringify(record.slice(0, 80))}`);
    parts.push(record.slice(at, sp));
    at = sp + 1;
  }
  return { parts, rest: record.slice(at) };
}

/** Parses porcelain v2 output produced with `-z --branch`. */
export function parseStatusV2(out: string): ParsedStatus {
  const records = out.split('\0');
  let oid: string | null = null;
  let branch: string | null = null;
  let detached = false;
  const entries: StatusEntry[] = [];
  const untracked: string[] = [];
  for (let i = 0; i < records.length; i++) {
    const r = records[i] ?? '';
    if (r === '') continue;
    const kind = r[0];
    if (kind === '#') {
      const { parts, rest } = fields(r, 2);
      if (parts[1] === 'branch.oid') oid = rest === '(initial)' ? null : rest;
      else if (parts[1] === 'branch.head') {
        detached = rest === '(detached)';
        branch = detached ? null : rest;
      }
    } else if (kind === '1') {
      const { parts, rest } = fields(r, 8);
      entries.push(entry(parts, rest, false));
    } else if (kind === '2') {
      // A rename/copy record is followed by its original path as the next NUL-terminated field.
      const { parts, rest } = fields(r, 9);
      const origPath = records[++i] ?? '';
      entries.push({ ...entry(parts, rest, false), origPath });
    } else if (kind === 'u') {
      const { parts, rest } = fields(r, 10);
      entries.push(entry(parts, rest, true));
    } else if (kind === '?') {
      untracked.push(r.slice(2));
    }
    // '!' (ignored) records only appear with --ignored, which a capture never asks for.
  }
  return { oid, branch, detached, entries, untracked };
}

function entry(parts: string[], path: string, unmerged: boolean): StatusEntry {
  const xy = parts[1] ?? '..';
  return { path, x: xy[0] ?? '.', y: xy[1] ?? '.', submodule: parts[2] ?? 'N...', unmerged };
}
