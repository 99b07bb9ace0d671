// The change journal's writer (docs/lineage.md#the-change-journal): while the editor is open, its
// file watcher appends every path that changed in the workspace to `.runlens/cache/changes.log`, and
// a lease (pid, heartbeat, generation token) says the journal is being kept, so `runlens status` can
// stat only what changed, as git's fsmonitor does. The reader and its trust rules are journalRead.ts.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../fs/atomic';
import { createSyncFile } from './journalSync';

/** The journal's format version (first line of the log, and the lease's `format`). */
export const JOURNAL_FORMAT = 1;
/** The first line of a log names the format and the generation token. */
export const JOURNAL_MAGIC = 'runlens-journal';
/** A log past this size starts a new generation: readers then walk once instead of reading megabytes. */
const ROTATE_BYTES = 16 * 2 ** 20;
/**
 * Events within one second that start a new generation: VS Code's watcher passes on at most 2,500 a
 * second (chunks of 500 every 200 ms) and drops what it cannot buffer (30,000) in a longer burst, so
 * a burst near that rate may have lost events: nothing verified before it is trusted after it.
 */
export const BURST_EVENTS = 2000;

/** Where the log and the lease live inside a store root (the `.runlens` directory). */
export function journalFiles(storeRoot: string): { log: string; lease: string } {
  return { log: join(storeRoot, 'cache', 'changes.log'), lease: join(storeRoot, 'cache', 'changes.lease') };
}

/** The lease: who keeps the journal, since when, and how recently it said so. */
export interface JournalLease {
  readonly format: number;
  readonly token: string;
  readonly pid: number;
  readonly host: string;
  /** The workspace root the watcher covers (absolute). */
  readonly root: string;
  /** Milliseconds since the epoch of the last heartbeat. */
  readonly heartbeat: number;
  /** Milliseconds between heartbeats: the lease lapses after three missed ones. */
  readonly intervalMs: number;
  /** Glob patterns the watcher does not report (`files.watcherExclude`): journalRead.ts decides what that leaves trustworthy. */
  readonly excludes: readonly string[];
}

/** How a writer is set up. */
export interface JournalWriterOptions {
  readonly intervalMs: number;
  readonly excludes: readonly string[];
}

/**
 * Keeps one generation of the journal. `start` writes a fresh log under a new token; the lease is
 * written only by `ready()`, which the caller calls once its watcher is known to report events (a
 * reader never trusts a generation before that, so an edit made while the watcher was starting is
 * left to the full walk). Appends are serialised; `record` never throws (failures go to `onError`).
 */
export class JournalWriter {
  private chain: Promise<void> = Promise.resolve();
  private pending: string[] = [];
  private bytes = 0;
  private live = false;
  private windowStart = 0;
  private windowEvents = 0;
  private burst = false;
  private readonly waiters = new Map<string, () => void>();
  private readonly store: string;

  private constructor(private readonly storeRoot: string, readonly root: string, private readonly options: JournalWriterOptions,
    private token: string, private readonly onError: (e: unknown) => void) {
    this.store = resolve(storeRoot);
  }

  /** Starts a new generation for the workspace `root` (no lease yet). */
  static async start(storeRoot: string, root: string, options: JournalWriterOptions, onError: (e: unknown) => void): Promise<JournalWriter> {
    const w = new JournalWriter(storeRoot, resolve(root), options, '', onError);
    await w.newGeneration();
    return w;
  }

  /** The current generation's token. */
  get generation(): string {
    return this.token;
  }

  /** Records that `path` (absolute, or relative to the root) was created, changed or deleted. */
  record(path: string): void {
    const abs = resolve(this.root, path);
    const rel = relative(this.root, abs);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return; // outside the workspace
    // The store is never data (the walk prunes it), and the log's own appends must not feed the log.
    if (abs === this.store || abs.startsWith(this.store + sep)) return;
    const posix = rel.split(sep).join('/');
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.windowEvents = 0;
    }
    if (++this.windowEvents === BURST_EVENTS) this.burst = true;
    this.pending.push(`${JSON.stringify(posix)}\n`);
    const waiter = this.waiters.get(posix);
    if (waiter) {
      this.waiters.delete(posix);
      // Resolved once the line is on disk, so whoever waits reads a log that names it.
      this.flush().then(waiter, waiter);
    } else if (this.pending.length === 1) {
      setImmediate(() => void this.flush());
    }
  }

  /** Writes what was recorded so far; resolves when it is in the log. */
  flush(): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (this.pending.length === 0) return;
      const text = this.pending.join('');
      this.pending = [];
      this.bytes += Buffer.byteLength(text);
      await fsp.appendFile(journalFiles(this.storeRoot).log, text);
      if (this.bytes > ROTATE_BYTES || this.burst) await this.newGeneration();
    }).catch(this.onError);
    return this.chain;
  }

  /**
   * Creates a sync file (`.runlens-sync-...` in the git dir, else in the root: journalSync.ts) and
   * resolves true when the watcher has reported it (false after `timeoutMs`): proof that the
   * watcher delivers events there, before `ready()`.
   */
  async probe(timeoutMs: number): Promise<boolean> {
    const expected: string[] = [];
    let settle: (seen: boolean) => void = () => undefined;
    const seen = new Promise<boolean>((done) => { settle = done; });
    const timer = setTimeout(() => settle(false), timeoutMs);
    try {
      const file = await createSyncFile(this.root, this.options.excludes, (rel) => {
        expected.push(rel);
        this.waiters.set(rel, () => settle(true));
      });
      try {
        return await seen;
      } finally {
        await file.remove();
      }
    } finally {
      clearTimeout(timer);
      for (const rel of expected) this.waiters.delete(rel);
    }
  }

  /** Declares the generation live: writes the first heartbeat. Later calls are heartbeats. */
  async ready(): Promise<void> {
    this.live = true;
    await this.heartbeat();
  }

  /** Renews the lease (only once `ready()` was called). */
  async heartbeat(now = Date.now()): Promise<void> {
    if (!this.live) return;
    const lease: JournalLease = { format: JOURNAL_FORMAT, token: this.token, pid: process.pid, host: hostname(), root: this.root,
      heartbeat: now, intervalMs: this.options.intervalMs, excludes: [...this.options.excludes] };
    // Not fsynced: after a crash the pid is gone and the lease is dead anyway.
    await writeFileAtomic(journalFiles(this.storeRoot).lease, JSON.stringify(lease), { durable: false });
  }

  /** Ends the generation: the lease goes first, so no reader trusts a journal nobody keeps. */
  async stop(): Promise<void> {
    this.live = false;
    await this.chain;
    const lease = journalFiles(this.storeRoot).lease;
    try {
      const held = JSON.parse(await fsp.readFile(lease, 'utf8')) as Partial<JournalLease>;
      if (held.token === this.token) await fsp.rm(lease, { force: true });
    } catch {
      // No lease, or another window's unreadable one: nothing of ours to remove.
    }
  }

  private async newGeneration(): Promise<void> {
    this.burst = false;
    this.token = randomBytes(12).toString('hex');
    const header = `${JOURNAL_MAGIC} ${JOURNAL_FORMAT} ${this.token}\n`;
    const files = journalFiles(this.storeRoot);
    await fsp.mkdir(join(files.log, '..'), { recursive: true });
    // Atomic: a reader sees the old generation or the new header, and a token it does not know means "walk".
    await writeFileAtomic(files.log, header, { durable: false });
    this.bytes = Buffer.byteLength(header);
    if (this.live) await this.heartbeat();
  }
}
