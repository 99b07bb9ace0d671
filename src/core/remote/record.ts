// The local record of what a data remote holds: one append-only list of object names per remote
// (`<store>/cache/remotes/<key>/objects.log`) and of runs whose objects are all there (`runs.log`),
// so a push with nothing new asks the remote nothing, and a pushed run is not even re-read.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic';
import { describeRemote, remoteKey, type RemoteSpec } from './spec';

const SHA = /^[0-9a-f]{64}$/;

/** Where the records of all remotes live in a store. */
export function remotesDir(storeRoot: string): string {
  return join(storeRoot, 'cache', 'remotes');
}

async function readLines(file: string): Promise<string[]> {
  // No record yet: the remote is assumed to hold nothing, and is asked object by object.
  const text = await fsp.readFile(file, 'utf8').catch(() => '');
  return text.split('\n');
}

/**
 * What this store knows a remote holds. Only ever grows from facts (an upload that completed, an
 * object found there, a download that verified); a crash loses at most the last partial line.
 */
export class RemoteRecord {
  private readonly objects = new Set<string>();
  private readonly runs = new Set<string>();
  private pending: string[] = [];
  private pendingRuns: string[] = [];

  private constructor(readonly dir: string) {}

  /** Loads the record of `spec` in `storeRoot` (empty when there is none). */
  static async open(storeRoot: string, spec: RemoteSpec): Promise<RemoteRecord> {
    const r = new RemoteRecord(join(remotesDir(storeRoot), remoteKey(spec)));
    for (const line of await readLines(join(r.dir, 'objects.log'))) if (SHA.test(line)) r.objects.add(line);
    for (const line of await readLines(join(r.dir, 'runs.log'))) if (line !== '') r.runs.add(line);
    await fsp.mkdir(r.dir, { recursive: true });
    // Which remote a record is about, for a person looking at the folder.
    await writeFileAtomic(join(r.dir, 'remote.json'), JSON.stringify({ remote: describeRemote(spec) }), { durable: false });
    return r;
  }

  /** Number of objects known to be on the remote. */
  get size(): number {
    return this.objects.size;
  }

  hasObject(sha256: string): boolean {
    return this.objects.has(sha256);
  }

  hasRun(id: string): boolean {
    return this.runs.has(id);
  }

  /** Notes an object the remote holds (written at the next flush). */
  addObject(sha256: string): void {
    if (this.objects.has(sha256)) return;
    this.objects.add(sha256);
    this.pending.push(sha256);
  }

  /** Notes a finished run all of whose objects are on the remote. */
  addRun(id: string): void {
    if (this.runs.has(id) || /[\n\r]/.test(id)) return;
    this.runs.add(id);
    this.pendingRuns.push(id);
  }

  /** Appends what was noted since the last flush. */
  async flush(): Promise<void> {
    const objects = this.pending;
    const runs = this.pendingRuns;
    this.pending = [];
    this.pendingRuns = [];
    if (objects.length > 0) await fsp.appendFile(join(this.dir, 'objects.log'), objects.map((s) => `${s}\n`).join(''));
    if (runs.length > 0) await fsp.appendFile(join(this.dir, 'runs.log'), runs.map((s) => `${s}\n`).join(''));
  }
}

/** Every object some remote's record lists: what the data cache may evict, since it can be fetched again. */
export async function heldByAnyRemote(storeRoot: string): Promise<Set<string>> {
  const held = new Set<string>();
  // No remotes folder: no remote holds anything yet.
  const keys = await fsp.readdir(remotesDir(storeRoot)).catch(() => [] as string[]);
  for (const key of keys) {
    for (const line of await readLines(join(remotesDir(storeRoot), key, 'objects.log'))) if (SHA.test(line)) held.add(line);
  }
  return held;
}
