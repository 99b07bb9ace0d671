// The lineage records worth keeping of a store's runs: those that read or wrote a dataset version,
// and each result's newest finished run (stale.ts). A run with neither is never linked, judged or
// named by a verdict, so of 100,000 runs of ad-hoc commands the stale check judges a few dozen, and
// only their result key and creation time are held for the others.
import { chronological } from './graph';
import { resultKey } from './stale';
import { type LineageRunRecord } from './types';

/** The finished runs of one result key (experiment and params): creation time by id, and the newest. */
interface Bucket {
  readonly key: string;
  readonly members: Map<string, string>;
  /** `record` undefined when the run is unlinked and its record was not kept (read on demand). */
  newest: { readonly id: string; readonly createdAt: string; record: LineageRunRecord | undefined };
}

/** Whether `a` comes after `b` in {@link chronological} order. */
function newer(a: { id: string; createdAt: string }, b: { id: string; createdAt: string }): boolean {
  return a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);
}

/** Whether a run is linked to data: it read or wrote a version of a declared dataset. */
export function readsOrWrites(r: LineageRunRecord): boolean {
  return r.datasets.length > 0 || r.outputs.length > 0;
}

/**
 * A store's records kept one run at a time. {@link records} gives what every lineage question
 * needs: `statusOf`, the datasets and "runs that read this file" answer the same from it as from
 * every record, because the runs left out are linked to nothing and are nobody's current result.
 */
export class LineageRecordSet {
  private readonly linked = new Map<string, LineageRunRecord>();
  /** Finished runs of this workspace (not trashed, not pulled), the runs `currentRuns` picks from, by result key. */
  private readonly buckets = new Map<string, Bucket>();
  private readonly bucketOf = new Map<string, Bucket>();

  /** Takes in a run's record (new or changed). */
  set(r: LineageRunRecord): void {
    this.delete(r.id);
    if (readsOrWrites(r)) this.linked.set(r.id, r);
    if (r.status !== 'finished' || r.trashed || r.pulled) return;
    const key = resultKey(r);
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = { key, members: new Map(), newest: { id: r.id, createdAt: r.createdAt, record: r } }));
    bucket.members.set(r.id, r.createdAt);
    this.bucketOf.set(r.id, bucket);
    if (newer(r, bucket.newest) || bucket.newest.id === r.id) bucket.newest = { id: r.id, createdAt: r.createdAt, record: r };
  }

  /** Forgets a run (deleted, or about to be taken in again). */
  delete(id: string): void {
    this.linked.delete(id);
    const bucket = this.bucketOf.get(id);
    if (!bucket) return;
    this.bucketOf.delete(id);
    bucket.members.delete(id);
    if (bucket.newest.id !== id) return;
    // The result's newest run went: the next newest takes its place (its record read on demand).
    let next: { id: string; createdAt: string } | undefined;
    for (const [other, createdAt] of bucket.members) if (!next || newer({ id: other, createdAt }, next)) next = { id: other, createdAt };
    if (next) bucket.newest = { ...next, record: this.linked.get(next.id) };
    else this.buckets.delete(bucket.key);
  }

  /** How many records {@link records} would give now, at most. */
  get size(): number {
    return this.linked.size + this.buckets.size;
  }

  /**
   * The records kept, newest first. A result's newest run whose record was let go (its successor
   * was deleted) is read again with `read`; undefined from it means the run is gone too.
   */
  async records(read: (id: string) => Promise<LineageRunRecord | undefined>): Promise<LineageRunRecord[]> {
    for (;;) {
      const missing = [...this.buckets.values()].filter((b) => !b.newest.record).map((b) => b.newest.id);
      if (missing.length === 0) break;
      for (const id of missing) {
        const r = await read(id);
        // Changed meanwhile: set() or delete() already put the right run in its place.
        const bucket = this.bucketOf.get(id);
        if (!bucket || bucket.newest.id !== id || bucket.newest.record) continue;
        if (r) this.set(r);
        else this.delete(id);
      }
    }
    const out = new Map(this.linked);
    for (const b of this.buckets.values()) if (b.newest.record) out.set(b.newest.id, b.newest.record);
    return chronological([...out.values()]).reverse();
  }
}
