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
