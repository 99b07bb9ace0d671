// A small per-column cache from a field's bytes to what they were read as, so a categorical column's
// repeated values are neither decoded to a string nor classified again: one hash and one byte compare
// per field. Direct-mapped (a new value takes its slot), so memory stays fixed whatever the column.

/** Slots per column. */
const SLOTS = 1024;
/** Longest field cached (longer ones are rarely repeated categories). */
const MAX_KEY = 64;
/** Lookups after which a column that mostly misses (free text) stops using the cache. */
const TRIAL = 4096;

/** What a cached field was read as; `kind` is the ColumnAccumulator's classification. */
export interface CachedField {
  readonly text: string;
  readonly kind: 'missing' | 'number' | 'boolean' | 'date' | 'text';
  /** The number (for 'number' and 'date'), else NaN. */
  readonly value: number;
  /** The bytes were not valid UTF-8 (read as U+FFFD). */
  readonly badUtf8: boolean;
}

/** A direct-mapped byte-string cache of `T`s (what the column keeps per value it saw). */
export class FieldCache<T> {
  private readonly keys: (Uint8Array | undefined)[] = new Array<Uint8Array | undefined>(SLOTS);
  private readonly entries: (T | undefined)[] = new Array<T | undefined>(SLOTS);
  private lookups = 0;
  private hits = 0;
  /** False once the column turned out to be mostly distinct values. */
  enabled = true;
  /** The slot of the last lookup (for store()). */
  private slot = 0;

  /** The entry for bytes buf[start, end), or undefined (then store() may follow). */
  get(buf: Uint8Array, start: number, end: number): T | undefined {
    const len = end - start;
    if (len > MAX_KEY) { this.slot = -1; return undefined; }
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ (buf[i] as number), 0x01000193);
    const slot = (h ^ (h >>> 16)) & (SLOTS - 1);
    this.slot = slot;
    this.lookups++;
    const key = this.keys[slot];
    if (key !== undefined && key.length === len) {
      let same = true;
      for (let i = 0; i < len; i++) if (key[i] !== buf[start + i]) { same = false; break; }
      if (same) { this.hits++; return this.entries[slot]; }
    }
    if (this.lookups === TRIAL && this.hits < TRIAL / 2) this.enabled = false;
    return undefined;
  }

  /** Caches `entry` for the bytes of the last get() that missed. */
  store(buf: Uint8Array, start: number, end: number, entry: T): void {
    if (this.slot < 0) return;
    this.keys[this.slot] = buf.slice(start, end);
    this.entries[this.slot] = entry;
  }
}
