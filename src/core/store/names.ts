// Human run names, unique in the workspace (trash included) even with concurrent creators: a name
// is taken by linking a file holding the run id to `names/<encoded name>` (link fails when it exists),
// or where the filesystem has no hard links by an exclusive create of that file.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { randomNameStem } from '../names';
import { isNotFound } from '../fs/atomic';
import { createFromPrivate, createWhole } from '../fs/createWhole';
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
 * Tries to reserve `name` for run `id`; false when another run holds it. The name's file is created
 * whole, holding the id (fs/createWhole.ts: a private file hard-linked to the name, or where the
 * filesystem has no hard links an exclusive create), so concurrent creators never share a name and
 * a name never appears empty, but for a creator that died inside that exclusive create.
 */
export async function reserveName(layout: StoreLayout, name: string, id: string): Promise<boolean> {
  return createWhole(nameFile(layout, name), id, join(layout.namesDir, `.${id}.${randomBytes(4).toString('hex')}.tmp`), layout.io);
}

/**
 * Allocates and reserves a fresh `adjective-noun-N` name for run `id`. `nextNumber` (stem -> first
 * number worth trying), shared by the runs of one batch, spares a sweep of thousands the
 * reservations its own earlier runs would fail.
 */
export async function allocateName(layout: StoreLayout, id: string, nextNumber?: Map<string, number>): Promise<string> {
  const stem = randomNameStem();
  const mine = join(layout.namesDir, `.${id}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    // Inside the try: a create that fails half way (a full disk) may leave the file behind.
    await layout.io.createFile(mine, id);
    for (let n = 1; ; n++) {
      // Claimed before the reservation: runs of the batch allocating in parallel try different numbers.
      n = Math.max(n, nextNumber?.get(stem) ?? 1);
      nextNumber?.set(stem, n + 1);
      const name = `${stem}-${n}`;
      if (await createFromPrivate(mine, nameFile(layout, name), id, layout.io)) return name;
    }
  } finally {
    await fsp.rm(mine, { force: true });
  }
}

/**
 * Allocates and reserves `<prefix> N` (the first N free) for run `id`, e.g. `calm-river-2 repro 1`.
 * A prefix too long for a name is cut so that the number always fits.
 */
export async function allocateNumberedName(layout: StoreLayout, id: string, prefix: string): Promise<string> {
  const stem = prefix.trim().slice(0, MAX_NAME_LENGTH - 8).trim();
  for (let n = 1; ; n++) {
    const name = `${stem} ${n}`;
    if (await reserveName(layout, name, id)) return name;
  }
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
