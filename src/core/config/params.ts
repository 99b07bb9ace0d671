// Params as users type them: `-p lr=0.01` assignments typed like their defaults, `${name}`
// placeholders in command templates, and the run list a sweep grid expands to.
import { type ParamValue } from '../model';

/** A `${name}` placeholder found in a template string. */
export interface Placeholder {
  readonly name: string;
  /** Offset of the `$` in the template. */
  readonly index: number;
  readonly length: number;
}

/** `${name}`; `$${` is an escaped literal `${` and is not a placeholder. */
const PLACEHOLDER = /\$(\$?)\{([^}]*)\}/g;
const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const NUMBER = /^[+-]?(?:\d[\d_]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NUMBER_TEXT: Readonly<Record<string, number>> = {
  '.inf': Infinity, '+.inf': Infinity, '-.inf': -Infinity, '.nan': NaN, inf: Infinity, '-inf': -Infinity, nan: NaN,
};

/** Every placeholder in `template`, in order (escaped `$${...}` excluded). */
export function placeholders(template: string): Placeholder[] {
  const found: Placeholder[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    if (m[1] === '$') continue;
    found.push({ name: (m[2] ?? '').trim(), index: m.index, length: m[0].length });
  }
  return found;
}

/**
 * Replaces each placeholder with `value(name)` and `$${` with `${`. Throws when a name is unknown
 * (value returns undefined), listing the names that are known.
 */
export function substitute(template: string, value: (name: string) => string | undefined, known: readonly string[]): string {
  return template.replace(PLACEHOLDER, (whole, escaped: string, rawName: string) => {
    if (escaped === '$') return whole.slice(1);
    const name = rawName.trim();
    const v = value(name);
    if (v === undefined) {
      const list = known.length > 0 ? known.join(', ') : 'none declared';
      throw new Error(`unknown param \${${name}} in the command; params: ${list}`);
    }
    return v;
  });
}

/** The text a param value becomes in a command line: null is the empty string. */
export function formatParamValue(v: ParamValue): string {
  if (v === null) return '';
  return String(v);
}

/** Whether `name` is a valid param name (the rule the schema enforces). */
export function isParamName(name: string): boolean {
  return PARAM_NAME.test(name);
}

/** Reads a value by YAML's scalar rules: true/false, null/~, numbers (also .inf/.nan), else text. */
export function parseScalarText(text: string): ParamValue {
  const t = text.trim();
  if (/^(?:true|True|TRUE)$/.test(t)) return true;
  if (/^(?:false|False|FALSE)$/.test(t)) return false;
  if (/^(?:null|Null|NULL|~)$/.test(t)) return null;
  if (NUMBER.test(t) && !/^[+-]?0\d/.test(t)) return Number(t.replace(/_/g, ''));
  const special = NUMBER_TEXT[t.toLowerCase()];
  if (special !== undefined) return special;
  return text;
}

function parseTyped(name: string, text: string, like: ParamValue): ParamValue {
  if (typeof like === 'number') {
    const v = parseScalarText(text);
    if (typeof v !== 'number') throw new Error(`param ${name} takes a number (its default is ${like}); got ${JSON.stringify(text)}`);
    return v;
  }
  if (typeof like === 'boolean') {
    const t = text.trim().toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(t)) return true;
    if (['false', 'no', 'off', '0'].includes(t)) return false;
    throw new Error(`param ${name} takes true or false (its default is ${String(like)}); got ${JSON.stringify(text)}`);
  }
  if (typeof like === 'string') return text;
  return parseScalarText(text);
}

/**
 * Parses `name=value` as given to `-p`. The value takes the type of the param's default when
 * there is one (a string default keeps "007" as text), else YAML scalar rules apply.
 * Throws an Error with a user-facing message on malformed input.
 */
export function parseParamAssignment(s: string, defaults: Readonly<Record<string, ParamValue>> = {}): [string, ParamValue] {
  const eq = s.indexOf('=');
  if (eq <= 0) throw new Error(`expected name=value, got ${JSON.stringify(s)}`);
  const name = s.slice(0, eq).trim();
  if (!isParamName(name)) throw new Error(`invalid param name ${JSON.stringify(name)}: use letters, digits, "_", "." and "-"`);
  const text = s.slice(eq + 1);
  const like = Object.prototype.hasOwnProperty.call(defaults, name) ? defaults[name] : undefined;
  return [name, like === undefined ? parseScalarText(text) : parseTyped(name, text, like)];
}

/** Most points a sweep grid expands to unless the caller allows more (`runlens sweep --max-points`). */
export const MAX_SWEEP_POINTS = 10_000;

/** Number of points of a sweep grid (the product of its value counts), computed without expanding it. */
export function sweepSize(sweep: Readonly<Record<string, readonly ParamValue[]>>): number {
  return Object.values(sweep).reduce((n, values) => n * values.length, 1);
}

/** A grid larger than the cap: refused before anything is expanded or queued. */
export class SweepTooLargeError extends Error {
  constructor(readonly size: number, readonly max: number) {
    super(`the sweep grid has ${size.toLocaleString('en-US')} points, more than the limit of ${max.toLocaleString('en-US')}`);
    this.name = 'SweepTooLargeError';
  }
}

/**
 * The param sets of a sweep grid (cartesian product, first key varying slowest), over `base`.
 * Throws {@link SweepTooLargeError} for a grid of more than `maxPoints` points, before building any.
 */
export function sweepGrid(
  base: Readonly<Record<string, ParamValue>>,
  sweep: Readonly<Record<string, readonly ParamValue[]>>,
  maxPoints = MAX_SWEEP_POINTS,
): Record<string, ParamValue>[] {
  const size = sweepSize(sweep);
  if (size > maxPoints) throw new SweepTooLargeError(size, maxPoints);
  let sets: Record<string, ParamValue>[] = [{ ...base }];
  for (const [name, values] of Object.entries(sweep)) {
    sets = sets.flatMap((set) => values.map((v) => ({ ...set, [name]: v })));
  }
  return sets;
}
