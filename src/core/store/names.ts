// Human run names, unique in the workspace (trash included) even with concurrent creators: a name
// is taken by linking a file holding the run id to `names/<encoded name>` (link fails when it exists).
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { randomNameStem } from '../names';
import { isExists, isNotFound } from '../fs/atomic';
import { type StoreLayout } from './layout';

/** Longest name a user may give a run. */
export const MAX_NAME_LENGTH = 100;

/** Why `name` is not acceptable as a run name, or undefined when it is. */
export function invalidName(name: string): string | undefined {
  if (name.trim() !== name || name.length === 0) return 'a name cannot be empty or start/end with spaces';
  if (name.length > MAX_NAME_LENGTH) return `a name has at most ${MAX_NAME_LENGTH} characters`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a name cannot contain control characters';
  return undefined;
}

/** Longest tag a user may give a run. */
export const MAX_TAG_LENGTH = 100;

/**
 * Why `tag` is not acceptable as a run tag, or undefined when it is. Like names, tags cannot hold
 * control characters (newlines, escape sequences): they are printed in tables and terminals.
 */
export function invalidTag(tag: string): string | undefined {
  if (tag.trim().length === 0) return 'a tag cannot be empty';
  if (tag.length > MAX_TAG_LENGTH) return `a tag has at most ${MAX_TAG_LENGTH} characters`;
  if (/[\u0000-\u001f\u007f-\u009f]/.test(tag)) return 'a tag cannot contain control characters';
  return undefined;
}

/** Throws a clear error for the first unacceptable tag of `tags`. */
export function checkTags(tags: readonly unknown[]): void {
  for (const tag of tags) {
    const why = typeof tag === 'string' ? invalidTag(tag) : 'a tag must be a string';
    if (why) throw new Error(`invalid tag ${JSON.stringify(tag)}: ${why}`);
  }
}

/**
 * Encodes a name as one safe file name: letters, digits, `-` and `_` are kept; every other UTF-8
 * byte becomes `%XX`, so no name can contain a path separator or be `.`/`..`. Lower-cased first
 * so names differing only in case collide on every filesystem alike.
 */
export function nameFile(layout: StoreLayout, name: string): string {
  let out = '';
  for (const b of Buffer.from(name.toLowerCase(), 'utf8')) {
    const c = String.fromCharCode(b);
    out += /[a-z0-9_-]/.test(c) ? c : `%${b.toString(16).padStart(2, '0')}`;
  }
  return join(layout.namesDir, out);
}

/**
 * Runs `fn` with a private file holding run `id`, from which names are hard-linked, and removes it.
 * Names are taken by linking it: link() fails when the name exists and is atomic (on NFS too), so
 * a name appears holding its run id or not at all. An O_EXCL create followed by a write could
 * leave an empty name, held by no run, when the write failed or the process died between the two.
 */
async function withIdFile<T>(layout: StoreLayout, id: string, fn: (idFile: string) => Promise<T>): Promise<T> {
  const mine = join(layout.namesDir, `.${id}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await layout.io.createFile(mine, id);
    return await fn(mine);
  } finally {
    await fsp.unlink(mine).catch((e: unknown) => {
      if (!isNotFound(e)) throw e;
    });
  }
}

/** Links `idFile` as `name`; false when another run holds the name. */
async function linkName(layout: StoreLayout, idFile: string, name: string): Promise<boolean> {
  return fsp.link(idFile, nameFile(layout, name)).then(() => true, (e: unknown) => {
    if (isExists(e)) return false;
    throw e;
  });
}

/** Tries to reserve `name` for run `id`; false when another run holds it. */
export async function reserveName(layout: StoreLayout, name: string, id: string): Promise<boolean> {
  return withIdFile(layout, id, (idFile) => linkName(layout, idFile, name));
}

/**
 * Allocates and reserves a fresh `adjective-noun-N` name for run `id`: one private file however
 * many numbers are taken already. `nextNumber` (stem -> first number worth trying), shared by the
 * runs of one batch, spares a sweep of thousands the links its own earlier runs would fail.
 */
export async function allocateName(layout: StoreLayout, id: string, nextNumber?: Map<string, number>): Promise<string> {
  const stem = randomNameStem();
  return withIdFile(layout, id, async (idFile) => {
    for (let n = 1; ; n++) {
      // Claimed before the link: runs of the batch allocating in parallel try different numbers.
      n = Math.max(n, nextNumber?.get(stem) ?? 1);
      nextNumber?.set(stem, n + 1);
      const name = `${stem}-${n}`;
      if (await linkName(layout, idFile, name)) return name;
    }
  });
}

/**
 * Allocates and reserves `<prefix> N` (the first N free) for run `id`, e.g. `calm-river-2 repro 1`.
 * A prefix too long for a name is cut so that the number always fits.
 */
export async function allocateNumberedName(layout: StoreLayout, id: string, prefix: string): Promise<string> {
  const stem = prefix.trim().slice(0, MAX_NAME_LENGTH - 8).trim();
  return withIdFile(layout, id, async (idFile) => {
    for (let n = 1; ; n++) {
      const name = `${stem} ${n}`;
      if (await linkName(layout, idFile, name)) return name;
    }
  });
}

/** The run id holding `name`, or undefined. */
export async function nameOwner(layout: StoreLayout, name: string): Promise<string | undefined> {
  try {
    return (await fsp.readFile(nameFile(layout, name), 'utf8')).trim() || undefined;
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Releases `name` if (and only if) it is still held by run `id`. */
export async function releaseName(layout: StoreLayout, name: string, id: string): Promise<void> {
  if ((await nameOwner(layout, name)) === id) await fsp.rm(nameFile(layout, name), { force: true });
}
