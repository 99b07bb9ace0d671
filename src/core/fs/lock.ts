// Exclusive lock files (O_EXCL create) for the rare operations several processes might attempt on
// one run at once (crash recovery, series catch-up). A lock whose holder died is taken over.
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { isExists, isNotFound } from './atomic';

/** A lock older than this is presumed abandoned even when its holder's pid looks alive (pid reuse). */
const STALE_LOCK_MS = 60_000;

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

/**
 * Tries once to take the lock at `path` without waiting. Returns a release function, or undefined
 * when another live process holds it.
 */
export async function tryLock(path: string): Promise<Release | undefined> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await fsp.writeFile(path, JSON.stringify({ pid: process.pid, host: hostname(), time: Date.now() }), { flag: 'wx' });
      return async () => { await fsp.rm(path, { force: true }); };
    } catch (e) {
      if (!isExists(e)) throw e;
    }
    const judged = await abandonedContent(path);
    if (judged === undefined) return undefined;
    // Take over: rename the abandoned lock aside first, then check it is the one judged abandoned:
    // if another process took it over meanwhile, put its fresh lock back and give up.
    const aside = `${path}.${process.pid}.stale`;
    try {
      await fsp.rename(path, aside);
      const moved = await fsp.readFile(aside, 'utf8');
      if (moved !== judged) {
        await fsp.link(aside, path).catch(() => undefined);
        await fsp.rm(aside, { force: true });
        return undefined;
      }
      await fsp.rm(aside, { force: true });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  return undefined;
}

/** The lock's content when its holder is gone (so it may be taken over), else undefined. */
async function abandonedContent(path: string): Promise<string | undefined> {
  let text = '';
  try {
    const st = await fsp.stat(path);
    text = await fsp.readFile(path, 'utf8');
    if (Date.now() - st.mtimeMs > STALE_LOCK_MS) return text;
    const holder = JSON.parse(text) as { pid?: unknown; host?: unknown };
    const dead = holder.host === hostname() && typeof holder.pid === 'number' && !pidAlive(holder.pid);
    return dead ? text : undefined;
  } catch (e) {
    // Vanished meanwhile: free now. Unparsable: its writer died mid-write (a lock is one small write).
    return isNotFound(e) || e instanceof SyntaxError ? text : undefined;
  }
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
