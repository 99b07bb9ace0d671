// Small runtime checks shared by every protocol's type guards: a message that crosses the
// host/webview or client/server boundary is `unknown` until one of these has looked at it.

/** A plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string. */
export function isString(v: unknown): v is string {
  return typeof v === 'string';
}

/** A finite number or one of the non-finite values a metric may legitimately hold. */
export function isNumber(v: unknown): v is number {
  return typeof v === 'number';
}

/** A boolean. */
export function isBoolean(v: unknown): v is boolean {
  return typeof v === 'boolean';
}

/** An array whose every element passes `item`. */
export function isArrayOf<T>(v: unknown, item: (x: unknown) => x is T): v is T[] {
  return Array.isArray(v) && v.every(item);
}

/** An array of strings. */
export function isStringArray(v: unknown): v is string[] {
  return isArrayOf(v, isString);
}

/** A record whose every value passes `value`. */
export function isRecordOf<T>(v: unknown, value: (x: unknown) => x is T): v is Record<string, T> {
  return isRecord(v) && Object.values(v).every(value);
}

/** One of the given string literals. */
export function isOneOf<T extends string>(v: unknown, values: readonly T[]): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

/** A record whose `type` field is one of `types`: the first check of every message guard. */
export function hasType<T extends string>(v: unknown, types: readonly T[]): v is Record<string, unknown> & { type: T } {
  return isRecord(v) && isOneOf(v.type, types);
}
