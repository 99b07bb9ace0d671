// A small seeded pseudo-random generator (mulberry32): sketches and samples that use randomness stay
// reproducible, so the same file always gives the same profile and golden tests are exact.

/** A generator of floats in [0, 1), deterministic for a given seed. */
export type Random = () => number;

/** mulberry32: 32-bit state, good enough for sampling and compaction coin flips (not for crypto). */
export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Murmur3's 32-bit finaliser: spreads the bits of a hash so HyperLogLog sees them uniformly. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** A 32-bit hash of a number's IEEE-754 bits (0 and -0 hash alike). */
export function hashNumber(x: number): number {
  f64[0] = x === 0 ? 0 : x;
  return fmix32((u32[0] as number) ^ fmix32((u32[1] as number) + 0x9e3779b9));
}

/** A 32-bit FNV-1a hash of a string's UTF-16 code units, finalised. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
}
