// A listing of a store's runs, newest first, that holds only ids and file offsets: each run's record
// (summary or manifest) is read from the index and parsed when asked for, so 100,000 runs can be
// filtered, sorted and printed without all of them in memory at once.
import { type IndexFile } from './index-file';
import { nonFiniteReplacer } from './manifest';

/** What a listing holds per run: anything with the run's id and status. */
export interface IndexRecord {
  readonly id: string;
  readonly status: string;
}

/** How a listing turns index lines back into records, and what it does when one is unreadable. */
export interface ListingSource<T extends IndexRecord> {
  parse(raw: unknown): T | undefined;
  /** Reads the run again from its directory (a garbled index line), undefined when it is gone. */
  reload(id: string): Promise<T | undefined>;
  /** A crashed run may have logged more since it was indexed: its record brought up to date. */
  recheck(record: T): Promise<T>;
  /** Called once when an index line cannot be used (the index is then rebuilt by the next listing). */
  damaged(why: string): void;
}

/** A record line starts `{"id":"<26 characters>",` and then gives the status. */
const CRASHED = '"status":"crashed"';
const STATUS_AT = '{"id":"'.length + 26 + 2;

/** A record as one line of JSON (non-finite numbers as the strings "NaN", "Infinity", "-Infinity"). */
export function recordJson(record: IndexRecord): string {
  return JSON.stringify(record, nonFiniteReplacer);
}

/** Runs newest first; records stay in the index file until read. Close it when done. */
export class RunListing<T extends IndexRecord> {
  private reportedDamage = false;

  constructor(
    /** Run ids, newest first. */
    readonly ids: readonly string[],
    /** Per run: its record read fresh, or the offset of its line in `file`. */
    private readonly at: readonly (number | T)[],
    private readonly file: IndexFile | undefined,
    private readonly source: ListingSource<T>,
  ) {}

  /** Number of runs. */
  get size(): number {
    return this.ids.length;
  }

  /** The record of the `i`-th run (newest first); undefined only for a run that vanished meanwhile. */
  async get(i: number): Promise<T | undefined> {
    const at = this.at[i];
    if (at === undefined) return undefined;
    const record = typeof at === 'number' ? await this.fromIndex(i, at) : at;
    return record && record.status === 'crashed' ? this.source.recheck(record) : record;
  }

  /**
   * The `i`-th run's record as one line of JSON, straight from the index when possible (no parse):
   * what `runlens ls --json` prints. Undefined only for a run that vanished meanwhile.
   */
  async json(i: number): Promise<string | undefined> {
    const at = this.at[i];
    if (typeof at === 'number' && this.file) {
      const line = await this.lineAt(i, at);
      if (line !== undefined && !line.startsWith(CRASHED, STATUS_AT)) return line;
    }
    const record = await this.get(i);
    return record && recordJson(record);
  }

  /** Calls `visit` with each record in order, one at a time. */
  async forEach(visit: (record: T, index: number) => void | Promise<void>): Promise<void> {
    for (let i = 0; i < this.ids.length; i++) {
      const r = await this.get(i);
      if (r) await visit(r, i);
    }
  }

  /** Every record at once (bounded only by the store's size: prefer {@link forEach} for big stores). */
  async all(): Promise<T[]> {
    const out: T[] = [];
    await this.forEach((r) => { out.push(r); });
    return out;
  }

  /** Releases the index file. */
  async close(): Promise<void> {
    await this.file?.close();
  }

  private async lineAt(i: number, offset: number): Promise<string | undefined> {
    try {
      return await this.file?.line(offset);
    } catch (e) {
      this.damage(`the record of run ${this.ids[i] ?? '?'} cannot be read (${(e as Error).message})`);
      return undefined;
    }
  }

  private async fromIndex(i: number, offset: number): Promise<T | undefined> {
    const id = this.ids[i] as string;
    const line = await this.lineAt(i, offset);
    if (line !== undefined) {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch { // a garbled line: parse(undefined) reports it as unreadable
        raw = undefined;
      }
      const record = this.source.parse(raw);
      if (record && record.id === id) return record;
      this.damage(`the record of run ${id} is garbled`);
    }
    return this.source.reload(id);
  }

  private damage(why: string): void {
    if (this.reportedDamage) return;
    this.reportedDamage = true;
    this.source.damaged(why);
  }
}
