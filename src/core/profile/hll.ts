// HyperLogLog distinct-count estimate (Flajolet et al. 2007, with the small-range correction):
// 2^12 one-byte registers (4 KiB, standard error 1.04/sqrt(4096) ≈ 1.6 %), mergeable by register max.
import { fmix32 } from './random';

/** Register index bits: 4096 registers. */
const P = 12;
const M = 1 << P;
const ALPHA = 0.7213 / (1 + 1.079 / M);

/** A HyperLogLog sketch over 32-bit hashes. */
export class HyperLogLog {
  readonly registers: Uint8Array;

  constructor(registers?: Uint8Array) {
    if (registers && registers.length !== M) throw new Error(`a HyperLogLog sketch has ${M} registers, not ${registers.length}`);
    this.registers = registers ?? new Uint8Array(M);
  }

  /** Adds a 32-bit hash (see random.ts: hashNumber, hashString). */
  add(hash: number): void {
    const idx = hash >>> (32 - P);
    const rest = (hash << P) >>> 0;
    // Rank: position of the first 1 bit in the remaining 20 bits (21 when they are all zero).
    const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
    if (rank > (this.registers[idx] as number)) this.registers[idx] = rank;
  }

  /**
   * Adds the numbers a[0, m) by hashNumber (random.ts), inlined over the array's own bits: a batch
   * costs one loop instead of a call and a copy per number. The same registers as m calls of add().
   */
  addNumbers(a: Float64Array, m: number): void {
    const words = new Uint32Array(a.buffer, a.byteOffset, 2 * m);
    const regs = this.registers;
    for (let i = 0; i < 2 * m; i += 2) {
      const lo = words[i] as number;
      let hi = words[i + 1] as number;
      if (hi === 0x80000000 && lo === 0) hi = 0; // -0 hashes as 0
      const hash = fmix32(lo ^ fmix32(hi + 0x9e3779b9));
      const idx = hash >>> (32 - P);
      const rest = (hash << P) >>> 0;
      const rank = rest === 0 ? 32 - P + 1 : Math.clz32(rest) + 1;
      if (rank > (regs[idx] as number)) regs[idx] = rank;
    }
  }

  /** Folds `other` into this sketch (the union of both streams). */
  merge(other: HyperLogLog): void {
    for (let i = 0; i < M; i++) {
      const r = other.registers[i] as number;
      if (r > (this.registers[i] as number)) this.registers[i] = r;
    }
  }

  /** The estimated number of distinct hashes added. */
  estimate(): number {
    let sum = 0;
    let zeros = 0;
    for (let i = 0; i < M; i++) {
      const r = this.registers[i] as number;
      sum += 2 ** -r;
      if (r === 0) zeros++;
    }
    const raw = (ALPHA * M * M) / sum;
    // Small range: linear counting is far better while registers are still empty.
    if (raw <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
    return Math.round(raw);
  }

  /** The registers as base64 (the stored form). */
  toBase64(): string {
    return Buffer.from(this.registers).toString('base64');
  }

  /** A sketch from its stored base64 form. */
  static fromBase64(text: string): HyperLogLog {
    return new HyperLogLog(new Uint8Array(Buffer.from(text, 'base64')));
  }
}
