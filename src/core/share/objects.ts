// Git object plumbing for records: many record commits written by one `git fast-import` (and kept
// reachable by one ref), many objects read back by one `git cat-file --batch`: a few processes for 1,000 runs.
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { runGit } from '../git/exec';
import { type RecordFile } from './record';

/** A git identity. */
export interface Ident {
  readonly name: string;
  readonly email: string;
}

/** One record commit to write. */
export interface RecordCommit {
  readonly files: readonly RecordFile[];
  /** Parents: the record it updates, else the run's code snapshot, else none. */
  readonly parents: readonly string[];
  readonly author: Ident;
  /** Author and committer time (seconds): the run's own time, so the same content makes the same commit. */
  readonly time: number;
  readonly message: string;
}

/** `Name <email>` as git accepts it (no angle brackets or line breaks inside). */
function identLine(who: Ident, time: number): string {
  const clean = (s: string): string => s.replace(/[<>\n\r]/g, '').trim() || 'unknown';
  return `${clean(who.name)} <${clean(who.email)}> ${Math.max(0, Math.floor(time))} +0000`;
}

function dataCmd(chunks: Buffer[], data: Buffer | string): void {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  chunks.push(Buffer.from(`data ${buf.length}\n`), buf, Buffer.from('\n'));
}

/**
 * Writes `commits` with one fast-import and returns their ids in order. They are written one after
 * the other onto the one ref `ref` (each from its own parents, not on top of the previous), which is
 * then left at the last: no ref per commit. `--force`: that ref is scratch space of the push.
 */
export async function writeRecordCommits(repoTop: string, ref: string, commits: readonly RecordCommit[], signal?: AbortSignal): Promise<string[]> {
  if (commits.length === 0) return [];
  const chunks: Buffer[] = [];
  commits.forEach((c, i) => {
    // reset: a commit on an existing branch would otherwise get the branch's tip as its parent.
    chunks.push(Buffer.from(`reset ${ref}\ncommit ${ref}\nmark :${i + 1}\nauthor ${identLine(c.author, c.time)}\ncommitter ${identLine(c.author, c.time)}\n`));
    dataCmd(chunks, c.message);
    const [from, ...merges] = c.parents;
    if (from !== undefined) chunks.push(Buffer.from(`from ${from}\n`));
    for (const m of merges) chunks.push(Buffer.from(`merge ${m}\n`));
    // A parent's tree (the code snapshot's) must not leak into the record's: start from nothing.
    chunks.push(Buffer.from('deleteall\n'));
    for (const f of c.files) {
      chunks.push(Buffer.from(`M 100644 inline ${f.path}\n`));
      dataCmd(chunks, f.data);
    }
    chunks.push(Buffer.from('\n'));
  });
  chunks.push(Buffer.from('done\n'));
  const byMark = await fastImport(repoTop, Buffer.concat(chunks), signal);
  return commits.map((_, i) => {
    const oid = byMark.get(`:${i + 1}`);
    if (!oid) throw new Error(`git fast-import did not report record commit ${i + 1}`);
    return oid;
  });
}

/**
 * Moves `ref` to a new commit (empty tree) whose parents are its current commit, if any, and
 * `commits`: one ref keeps any number of commits reachable (from `git gc`), however many runs.
 */
export async function keepReachable(repoTop: string, ref: string, previous: string | undefined, commits: readonly string[], who: Ident, message: string, signal?: AbortSignal): Promise<void> {
  if (commits.length === 0) return;
  const chunks: Buffer[] = [Buffer.from(`reset ${ref}\ncommit ${ref}\ncommitter ${identLine(who, Date.now() / 1000)}\n`)];
  dataCmd(chunks, message);
  const [first, ...rest] = previous !== undefined ? [previous, ...commits] : commits;
  chunks.push(Buffer.from(`from ${first ?? ''}\n${rest.map((c) => `merge ${c}\n`).join('')}deleteall\n\ndone\n`));
  await fastImport(repoTop, Buffer.concat(chunks), signal);
}

/** Runs `git fast-import` on `stream` and returns its marks (`:n` -> object id). */
async function fastImport(repoTop: string, stream: Buffer, signal?: AbortSignal): Promise<Map<string, string>> {
  const marks = join(tmpdir(), `runlens-marks-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await runGit(['fast-import', '--quiet', '--force', '--done', `--export-marks=${marks}`], { cwd: repoTop, input: stream, signal });
    const byMark = new Map<string, string>();
    for (const line of (await fsp.readFile(marks, 'utf8')).split('\n')) {
      const [mark, oid] = line.split(' ');
      if (mark && oid) byMark.set(mark, oid);
    }
    return byMark;
  } finally {
    await fsp.rm(marks, { force: true });
  }
}

/** Reads many objects (`<commit>:<path>`, an oid, ...) with one `git cat-file --batch`; absent ones map to undefined. */
export async function readObjects(repoTop: string, names: readonly string[], signal?: AbortSignal): Promise<Map<string, Buffer | undefined>> {
  const out = new Map<string, Buffer | undefined>();
  if (names.length === 0) return out;
  const res = await runGit(['cat-file', '--batch'], { cwd: repoTop, input: names.map((n) => `${n}\n`).join(''), signal });
  const buf = res.stdout;
  let pos = 0;
  for (const name of names) {
    const nl = buf.indexOf(10, pos);
    if (nl < 0) throw new Error('git cat-file --batch ended early');
    const header = buf.toString('utf8', pos, nl);
    pos = nl + 1;
    if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
      out.set(name, undefined);
      continue;
    }
    const size = Number(header.slice(header.lastIndexOf(' ') + 1));
    out.set(name, buf.subarray(pos, pos + size));
    pos += size + 1;
  }
  return out;
}

/** Which of `oids` exist in the repository (one `cat-file --batch-check`). */
export async function existingObjects(repoTop: string, oids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  if (oids.length === 0) return found;
  const res = await runGit(['cat-file', '--batch-check=%(objectname)'], { cwd: repoTop, input: oids.map((o) => `${o}\n`).join('') });
  for (const line of res.stdout.toString('utf8').split('\n')) {
    if (/^[0-9a-f]{40,64}$/.test(line)) found.add(line);
  }
  return found;
}

/** The author of a raw commit object. */
export function commitAuthor(raw: Buffer): Ident {
  const m = /^author (.*) <([^>]*)> \d+ [+-]\d{4}$/m.exec(raw.toString('utf8'));
  return { name: m?.[1] ?? 'unknown', email: m?.[2] ?? '' };
}

/** The user's git identity, as git itself would sign a commit; a neutral one when none is configured. */
export async function userIdent(repoTop: string): Promise<Ident> {
  const res = await runGit(['var', 'GIT_AUTHOR_IDENT'], { cwd: repoTop, okCodes: [128] });
  const m = /^(.*) <([^>]*)>/.exec(res.stdout.toString('utf8'));
  return m ? { name: m[1] ?? 'unknown', email: m[2] ?? '' } : { name: 'unknown', email: '' };
}
