// Opt-in regex metric patterns from runlens.yaml, for scripts whose output cannot change: compiles
// them once and turns one matching output line into metric values. Shared by the stdout parser
// (which applies them) and the config loader (which reports patterns that do not compile).
import { type MetricValue } from '../model';
import { MAX_METRIC_NAME } from './record';

/**
 * One pattern as written in runlens.yaml (`metrics.patterns`). Exactly one of `regex` and
 * `keyvalue` is set.
 * - `regex`: named groups are metrics, except the group named `step` (or `step` below), the step.
 * - `keyvalue`: a line the regex matches (at any position) also yields every `name=number` pair
 *   after the match; `keys` limits which names count; `step` names the pair holding the step.
 */
export interface MetricPattern {
  readonly regex?: string;
  readonly keyvalue?: string;
  readonly keys?: readonly string[];
  readonly step?: string;
}

/** A pattern ready to run on lines. */
export interface CompiledPattern {
  readonly source: MetricPattern;
  readonly re: RegExp;
  readonly kind: 'regex' | 'keyvalue';
  readonly stepName: string;
  readonly keys: ReadonlySet<string> | null;
}

/** What one line gave: nothing (no match), values, or a match whose values were not numbers. */
export type PatternResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'values'; readonly step: number | null; readonly values: Record<string, MetricValue> }
  | { readonly kind: 'bad'; readonly error: string };

const NON_FINITE_TEXT: Readonly<Record<string, number>> = {
  nan: NaN, '+nan': NaN, '-nan': NaN, inf: Infinity, '+inf': Infinity, '-inf': -Infinity,
  infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity,
};
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const KEY_VALUE = /([A-Za-z_][\w./-]*)\s*[=:]\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|[+-]?(?:nan|inf(?:inity)?))(?![\w.])/gi;

/**
 * Rewrites Python's `(?P<name>...)` group syntax to JavaScript's `(?<name>...)`: users coming from
 * Python write it out of habit, and the meaning is identical.
 */
export function toJsRegexSource(source: string): string {
  return source.replace(/\(\?P<(?=[A-Za-z_])/g, '(?<');
}

/** Parses printed number text (`0.21`, `1e-3`, `nan`, `-inf`...) or returns undefined. */
export function parseNumberText(text: string): MetricValue | undefined {
  const t = text.trim();
  if (NUMBER_TEXT.test(t)) return Number(t);
  return NON_FINITE_TEXT[t.toLowerCase()];
}

/** Compiles a pattern; throws a SyntaxError with the engine's message when the regex is invalid. */
export function compilePattern(p: MetricPattern): CompiledPattern {
  const kind = p.regex !== undefined ? 'regex' : 'keyvalue';
  const source = toJsRegexSource(p.regex ?? p.keyvalue ?? '');
  return {
    source: p,
    re: new RegExp(source, 'u'),
    kind,
    stepName: p.step ?? 'step',
    keys: p.keys ? new Set(p.keys) : null,
  };
}

/** The named groups of a regex source, in order (used to validate patterns in the config). */
export function namedGroups(source: string): string[] {
  const names: string[] = [];
  for (const m of toJsRegexSource(source).matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)) names.push(m[1] ?? '');
  return names;
}

/** Applies one compiled pattern to one line (already decoded, without its line terminator). */
export function applyPattern(p: CompiledPattern, line: string): PatternResult {
  const m = p.re.exec(line);
  return m ? applyMatch(p, line, { index: m.index, length: m[0].length, groups: m.groups }) : { kind: 'none' };
}

/** What applying a pattern needs of its regex match (found here or in a worker thread). */
export interface PatternMatch {
  readonly index: number;
  readonly length: number;
  readonly groups: Record<string, string | undefined> | undefined;
}

/** Turns a pattern's match on `line` into metric values, as {@link applyPattern} does. */
export function applyMatch(p: CompiledPattern, line: string, m: PatternMatch): PatternResult {
  const values = Object.create(null) as Record<string, MetricValue>; // a name may be __proto__
  let step: number | null = null;
  const take = (name: string, text: string): string | undefined => {
    const v = parseNumberText(text);
    if (v === undefined) return `"${name}" is not a number: ${JSON.stringify(text.slice(0, 40))}`;
    if (name === p.stepName) {
      if (!Number.isFinite(v)) return `step is not a finite number: ${text.slice(0, 40)}`;
      step = v;
    } else if (name.length <= MAX_METRIC_NAME) {
      values[name] = v;
    }
    return undefined;
  };
  for (const [name, text] of Object.entries(m.groups ?? {})) {
    if (text === undefined) continue; // an optional group that did not take part
    const error = take(name, text);
    if (error) return { kind: 'bad', error };
  }
  if (p.kind === 'keyvalue') {
    const rest = line.slice(m.index + m.length);
    for (const kv of rest.matchAll(KEY_VALUE)) {
      const name = kv[1] ?? '';
      if (p.keys && !p.keys.has(name) && name !== p.stepName) continue;
      const error = take(name, kv[2] ?? '');
      if (error) return { kind: 'bad', error };
    }
  }
  if (Object.keys(values).length === 0) return { kind: 'none' };
  return { kind: 'values', step, values };
}
