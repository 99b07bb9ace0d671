// How a text value is read: missing markers (pandas's default NA strings, so counts agree with
// `read_csv`), numbers, booleans and ISO dates. One place, used by every reader.

/** Strings read as a missing value (pandas's default `na_values`, plus the empty string). */
export const MISSING = new Set(['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']);

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** The number a text spells (decimal or exponent notation, surrounding spaces allowed), else NaN. */
export function parseNumber(s: string): number {
  const t = s.trim();
  return NUMBER.test(t) ? Number(t) : Number.NaN;
}

/** true/false for the spellings of a boolean, else undefined. */
export function parseBoolean(s: string): boolean | undefined {
  switch (s.trim().toLowerCase()) {
    case 'true': return true;
    case 'false': return false;
    default: return undefined;
  }
}

/** Epoch milliseconds of an ISO-8601 date or date-time, else NaN. */
export function parseDate(s: string): number {
  const t = s.trim();
  return DATE.test(t) ? Date.parse(t.length === 10 ? `${t}T00:00:00Z` : t) : Number.NaN;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * The number in bytes buf[start, end) when it is a plain decimal (sign, digits, one point) of at most
 * 15 significant digits: then m / 10^k is correctly rounded (Clinger's fast path), the same double
 * Number() gives. NaN otherwise; the caller then falls back to {@link parseNumber} on the text.
 */
export function fastNumber(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let neg = false;
  if (i < end && (buf[i] === 45 || buf[i] === 43)) neg = buf[i++] === 45;
  let m = 0;
  let digits = 0;
  let any = false;
  let frac = -1;
  for (; i < end; i++) {
    const c = buf[i] as number;
    if (c >= 48 && c <= 57) {
      any = true;
      if (digits > 0 || c !== 48) digits++;
      m = m * 10 + (c - 48);
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return Number.NaN;
  }
  if (!any || digits > 15) return Number.NaN;
  const v = frac > 0 ? m / (POW10[frac] ?? Number.NaN) : m;
  return neg ? -v : v;
}
