// Run ids: creation time first so ids sort chronologically as plain strings, then a random
// suffix so two processes creating a run in the same millisecond still get distinct ids.
import { randomBytes } from 'node:crypto';

const ID_PATTERN = /^\d{8}-\d{6}-\d{3}-[0-9a-z]{6}$/;
let lastMs = 0;

/**
 * A new run id such as `20250101-120000-123-k3f9a2` (UTC). Within one process ids are strictly
 * increasing even when created in the same millisecond; across processes the suffix keeps them
 * distinct and the store's exclusive mkdir catches the astronomically rare collision.
 */
export function newRunId(now: number = Date.now()): string {
  const ms = Math.max(now, lastMs + 1);
  lastMs = ms;
  const d = new Date(ms);
  const p = (n: number, w: number): string => String(n).padStart(w, '0');
  const date = `${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1, 2)}${p(d.getUTCDate(), 2)}`;
  const time = `${p(d.getUTCHours(), 2)}${p(d.getUTCMinutes(), 2)}${p(d.getUTCSeconds(), 2)}`;
  return `${date}-${time}-${p(d.getUTCMilliseconds(), 3)}-${randomSuffix()}`;
}

function randomSuffix(): string {
  const bytes = randomBytes(6);
  let s = '';
  for (const b of bytes) s += (b % 36).toString(36);
  return s;
}

/** True when `s` has the shape of a run id (so stray files in runs/ are never taken for runs). */
export function isRunId(s: string): boolean {
  return ID_PATTERN.test(s);
}
