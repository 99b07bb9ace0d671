// Evaluates a parsed filter against a run with three-valued logic: a comparison whose metric or
// param the run lacks is "unknown", which `not` keeps unknown and which counts as no match in the
// end, so `not acc > 0.9` never matches runs that log no acc at all.
import { type ListedRun, type ParamValue } from '../model';
import { type CompareOp, type FilterNode, parseFilter } from './parse';

/** true, false, or undefined for "unknown" (a name the run does not have). */
type Truth = boolean | undefined;

const AGGREGATES = ['last', 'min', 'max', 'count'] as const;
type Aggregate = (typeof AGGREGATES)[number];

/**
 * The value `name` stands for in `run`: a metric (its last value, or `.min`/`.max`/`.count`), else a
 * param. `metric.` and `param.` prefixes pick one side when a run has both under the same name.
 */
export function resolveName(run: ListedRun, name: string): ParamValue | undefined {
  const param = (key: string): ParamValue | undefined => (Object.hasOwn(run.params, key) ? run.params[key] : undefined);
  const lower = name.toLowerCase();
  if (lower.startsWith('param.') || lower.startsWith('params.')) return param(name.slice(name.indexOf('.') + 1));
  const metricOnly = lower.startsWith('metric.') || lower.startsWith('metrics.');
  const key = metricOnly ? name.slice(name.indexOf('.') + 1) : name;
  const metric = metricValue(run, key);
  if (metric !== undefined) return metric;
  return metricOnly ? undefined : param(key);
}

function metricValue(run: ListedRun, key: string): number | null | undefined {
  if (Object.hasOwn(run.metrics, key)) return run.metrics[key]?.last;
  const dot = key.lastIndexOf('.');
  const agg = key.slice(dot + 1).toLowerCase() as Aggregate;
  if (dot <= 0 || !AGGREGATES.includes(agg)) return undefined;
  const base = key.slice(0, dot);
  const summary = Object.hasOwn(run.metrics, base) ? run.metrics[base] : undefined;
  return summary ? summary[agg === 'last' ? 'last' : agg] : undefined;
}

function compare(actual: ParamValue, op: CompareOp, expected: string | number): Truth {
  if (actual === null) return undefined;
  const asNumber = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : NaN;
  if (typeof expected === 'number') {
    if (Number.isNaN(asNumber)) return op === '!=' ? true : false;
    switch (op) {
      case '==': return asNumber === expected;
      case '!=': return asNumber !== expected;
      case '>': return asNumber > expected;
      case '<': return asNumber < expected;
      case '>=': return asNumber >= expected;
      case '<=': return asNumber <= expected;
    }
  }
  // Text equality is case-insensitive, like the free-text search.
  const same = String(actual).toLowerCase() === expected.toLowerCase();
  return op === '!=' ? !same : same;
}

function textOf(run: ListedRun): string {
  const params = Object.values(run.params).map((v) => String(v));
  return [run.name, run.experiment ?? '', run.id, run.note, ...run.tags, ...params].join('\n').toLowerCase();
}

function fieldMatches(run: ListedRun, field: string, value: string): boolean {
  const v = value.toLowerCase();
  switch (field) {
    case 'status': return run.status === v;
    case 'tag': return run.tags.some((t) => t.toLowerCase() === v);
    case 'experiment': return (run.experiment ?? '').toLowerCase() === v;
    case 'name': return run.name.toLowerCase().includes(v);
    case 'author': return authorMatches(run, v);
    default: return run.id.startsWith(v);
  }
}

/**
 * `author:me` is the workspace's own runs (they have no origin); any other value matches a pulled
 * run whose author name or email contains it (a first name or a domain is enough).
 */
function authorMatches(run: ListedRun, v: string): boolean {
  if (!run.origin) return v === 'me';
  return run.origin.author.toLowerCase().includes(v) || run.origin.email.toLowerCase().includes(v);
}

function evaluate(node: FilterNode, run: ListedRun, text: () => string): Truth {
  switch (node.kind) {
    case 'and': {
      const l = evaluate(node.left, run, text);
      if (l === false) return false;
      const r = evaluate(node.right, run, text);
      return r === false ? false : l === undefined || r === undefined ? undefined : true;
    }
    case 'or': {
      const l = evaluate(node.left, run, text);
      if (l === true) return true;
      const r = evaluate(node.right, run, text);
      return r === true ? true : l === undefined || r === undefined ? undefined : false;
    }
    case 'not': {
      const v = evaluate(node.operand, run, text);
      return v === undefined ? undefined : !v;
    }
    case 'text': return text().includes(node.text.toLowerCase());
    case 'field': return node.values.some((v) => fieldMatches(run, node.field, v));
    case 'compare': {
      const actual = resolveName(run, node.name);
      return actual === undefined ? undefined : compare(actual, node.op, node.value);
    }
  }
}

/** Whether `run` matches the parsed filter (an unknown outcome is no match). */
export function matchesFilter(node: FilterNode | undefined, run: ListedRun): boolean {
  if (!node) return true;
  let cached: string | undefined;
  return evaluate(node, run, () => (cached ??= textOf(run))) === true;
}

/** Parses `input` once and returns a predicate over runs; throws QueryError when malformed. */
export function compileFilter(input: string): (run: ListedRun) => boolean {
  const node = parseFilter(input);
  return (run) => matchesFilter(node, run);
}
