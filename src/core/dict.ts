// Objects keyed by names from user data (metrics, params, env, tolerances): such a name may be
// `__proto__`, `constructor` or `toString`, which on a plain object reach the prototype instead of
// an own key (an assignment is dropped, a read finds a function). Every such access goes through here.

/** `obj[key]` when `key` is the object's own property, else undefined (never an inherited member). */
export function own<T>(obj: Readonly<Record<string, T>> | undefined | null, key: string): T | undefined {
  return obj != null && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Sets `obj[key] = value` as an own, enumerable property, even for `__proto__` (which `=` would not). */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
}
