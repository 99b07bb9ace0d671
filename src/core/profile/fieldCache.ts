// A small per-column cache from a field's bytes to what they were read as, so a categorical column's
// repeated values are neither decoded to a string nor classified again: a field of up to 8 bytes is
// found by two 32-bit words and its length, with no loop over its bytes (a loop's varying trip count
// costs a mispredicted branch per field). Direct-mapped (a new value takes its slot), so memory stays
// fixed whatever the column.

/** Slots per column (2^SLOT_BITS). */
const SLOT_BITS = 10;
const SLOTS = 1 << SLOT_BITS;
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
  /**
   * Each slot's key: its length (-1 while empty), its first and last four bytes as words (all of a
   * key of up to 8 bytes) and, for a longer key, its bytes (slot s at s * MAX_KEY). Copies: a view
   * into the read buffer would change when the buffer is reused for the next chunk.
   */
  private readonly lengths = new Int8Array(SLOTS).fill(-1);
  private readonly heads = new Int32Array(SLOTS);
  private readonly tails = new Int32Array(SLOTS);
  private readonly keys = new Uint8Array(SLOTS * MAX_KEY);
  private readonly entries: (T | undefined)[] = new Array<T | undefined>(SLOTS);
  private lookups = 0;
  private hits = 0;
  /** False once the column turned out to be mostly distinct values. */
  enabled = true;
  /** The slot and words of the last lookup (for store()). */
  private slot = 0;
  private head = 0;
  private tail = 0;

  /** The entry for bytes buf[start, end), or undefined (then store() may follow). */
  get(buf: Uint8Array, start: number, end: number): T | undefined {
    const len = end - start;
    if (len > MAX_KEY) { this.slot = -1; return undefined; }
    let head = 0;
    let tail = 0;
    if (len >= 4) {
      head = (buf[start] as number) | ((buf[start + 1] as number) << 8) | ((buf[start + 2] as number) << 16) | ((buf[start + 3] as number) << 24);
      tail = (buf[end - 4] as number) | ((buf[end - 3] as number) << 8) | ((buf[end - 2] as number) << 16) | ((buf[end - 1] as number) << 24);
    } else if (len > 0) {
      // First, middle and last byte: every byte of a key of 1 to 3 bytes.
      head = (buf[start] as number) | ((buf[start + (len >> 1)] as number) << 8) | ((buf[end - 1] as number) << 16);
    }
    const h = Math.imul(head ^ Math.imul(tail ^ len, 0x9e3779b1), 0x85ebca6b);
    const slot = h >>> (32 - SLOT_BITS);
    this.slot = slot;
    this.head = head;
    this.tail = tail;
    this.lookups++;
    if (this.lengths[slot] === len && this.heads[slot] === head && this.tails[slot] === tail && (len <= 8 || this.sameMiddle(slot, buf, start, end))) {
      this.hits++;
      return this.entries[slot];
    }
    if (this.lookups === TRIAL && this.hits < TRIAL / 2) this.enabled = false;
    return undefined;
  }

  /** Whether a key longer than 8 bytes matches beyond its first and last four bytes. */
  private sameMiddle(slot: number, buf: Uint8Array, start: number, end: number): boolean {
    const keys = this.keys;
    const at = slot * MAX_KEY - start;
    for (let i = start + 4; i < end - 4; i++) if (keys[at + i] !== buf[i]) return false;
    return true;
  }

  /** Caches `entry` for the bytes of the last get() that missed. */
  store(buf: Uint8Array, start: number, end: number, entry: T): void {
    const slot = this.slot;
    if (slot < 0) return;
    this.lengths[slot] = end - start;
    this.heads[slot] = this.head;
    this.tails[slot] = this.tail;
    if (end - start > 8) this.keys.set(buf.subarray(start, end), slot * MAX_KEY);
    this.entries[slot] = entry;
  }
}
