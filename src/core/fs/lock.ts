// Exclusive lock files (created whole by a hard link) for what several processes may attempt on one
// run at once: manifest edits, deletes, crash recovery, series catch-up. A dead holder's lock is taken over.
import { promises as fsp } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isNotFound } from './atomic';
import { createWhole } from './createWhole';

/** A lock older than this is presumed abandoned even when its holder's pid looks alive (pid reuse). */
const STALE_LOCK_MS = 60_000;
/** A takeover guard is held for a read and an unlink; one older than this was left by a dead breaker. */
const STALE_GUARD_MS = 10_000;
/** An unparsable lock younger than this may still be being written by an older Runlens: not taken over yet. */
const UNPARSABLE_GRACE_MS = 2_000;

/** True when `pid` names a live process on this host (EPERM means alive but not ours). */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Release function of a held lock. */
export type Release = () => Promise<void>;

/** What a lock file says about its holder: alive, gone already, or dead (with the content judged). */
type Verdict = { readonly kind: 'held' } | { readonly kind: 'gone' } | { readonly kind: 'abandoned'; readonly text: string };

/** The private file a lock (or guard) at `path` is written to before it is linked into place. */
function tmpOf(path: string): string {
  return `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
}

function lockContent(): string {
  return JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now(), nonce: randomBytes(6).toString('hex') });
}

/**
 * Tries once to take the lock at `path` without waiting. Returns a release function, or undefined
 * when another live process holds it.
 */
export async function tryLock(path: string): Promise<Release | undefined> {
  const mine = lockContent();
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createWhole(path, mine, tmpOf(path))) return () => releaseOwn(path, mine);
    const verdict = await judge(path, STALE_LOCK_MS);
    if (verdict.kind === 'held') return undefined;
    // A lock that vanished while being judged was released by its holder: simply try again. Only a
    // lock judged dead is removed, and only by the one breaker holding the takeover guard.
    if (verdict.kind === 'abandoned') await breakAbandoned(path, verdict.text);
  }
  return undefined;
}

/**
 * Removes the abandoned lock at `path` if it still holds `text`. Under a guard file so that two
 * breakers never both remove (one of them a fresh lock the other just created); nothing else
 * removes a lock but its own holder.
 */
async function breakAbandoned(path: string, text: string): Promise<void> {
  const guard = `${path}.break`;
  const mine = lockContent();
  if (!(await createWhole(guard, mine, tmpOf(guard)))) {
    const verdict = await judge(guard, STALE_GUARD_MS);
    if (verdict.kind === 'abandoned') await fsp.rm(guard, { force: true });
    return;
  }
  try {
    const now = await fsp.readFile(path, 'utf8').catch(() => undefined); // a lock already gone (or replaced by another holder) is not ours to remove
    if (now === text) await fsp.rm(path, { force: true });
  } finally {
    await releaseOwn(guard, mine);
  }
}

/** Removes the lock only while it is still ours: a lock taken over as stale belongs to its new holder. */
async function releaseOwn(path: string, mine: string): Promise<void> {
  const now = await fsp.readFile(path, 'utf8').catch(() => undefined); // a lock already gone (or replaced by another holder) is not ours to remove
  if (now === mine) await fsp.rm(path, { force: true });
}

/** Whether the lock at `path` is held, gone, or abandoned (dead holder on this host, or older than `staleMs`). */
async function judge(path: string, staleMs: number): Promise<Verdict> {
  let mtime: number;
  let text: string;
  try {
    mtime = (await fsp.stat(path)).mtimeMs;
    text = await fsp.readFile(path, 'utf8');
  } catch (e) {
    if (isNotFound(e)) return { kind: 'gone' };
    throw e;
  }
  if (Date.now() - mtime > staleMs) return { kind: 'abandoned', text };
  let holder: { pid?: unknown; host?: unknown };
  try {
    holder = JSON.parse(text) as { pid?: unknown; host?: unknown };
  } catch {
    // Locks are created whole (createWhole), so this is damage, or the lock of an older Runlens
    // that died mid-write: give a live writer a moment before taking it over.
    return Date.now() - mtime > UNPARSABLE_GRACE_MS ? { kind: 'abandoned', text } : { kind: 'held' };
  }
  const dead = holder.host === hostname() && typeof holder.pid === 'number' && !pidAlive(holder.pid);
  return dead ? { kind: 'abandoned', text } : { kind: 'held' };
}

/** Runs `fn` holding the lock at `path`, waiting for it up to `timeoutMs` (polling: locks are held briefly). */
export async function withLock<T>(path: string, fn: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 50)) {
    const release = await tryLock(path);
    if (release) {
      try {
        return await fn();
      } finally {
        await release();
      }
    }
    if (Date.now() > deadline) throw new Error(`${path} is held by another process for more than ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, delay));
  }
}
