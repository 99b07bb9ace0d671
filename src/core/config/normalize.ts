// Turns one schema-valid experiment from runlens.yaml into the ExperimentConfig front ends use,
// filling in defaults so callers never deal with the optional forms of the YAML.
import { type ParamValue } from '../model';
import { type MetricPattern } from '../metrics/patterns';
import { type DatasetSpec, type ExperimentConfig, type Tolerance, type ToleranceConfig } from './types';
import { setOwn } from '../dict';
import { toExecutor } from '../slurm/options';

type Raw = Record<string, unknown>;

function asObject(v: unknown): Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Raw) : {};
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function toDataset(v: unknown): DatasetSpec {
  if (typeof v === 'string') return { path: v, cache: false };
  const o = asObject(v);
  return { path: String(o.path), cache: o.cache === true };
}

function toTolerance(v: unknown, base: Tolerance): Tolerance {
  const o = asObject(v);
  const num = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) && x >= 0 ? x : undefined);
  const abs = num(o.abs);
  const rel = num(o.rel);
  // A per-metric entry naming only one of the two replaces the defaults, so `{ rel: 1e-6 }` alone is exactly that.
  if (abs === undefined && rel === undefined) return base;
  return { abs: abs ?? 0, rel: rel ?? 0 };
}

/**
 * `reproduce.tolerance` plus `reproduce.metrics`, whose entries win: `ignore` leaves a metric out of
 * the verdict (timings never reproduce exactly), a number is that metric's relative tolerance, an
 * object its own abs and/or rel.
 */
function toToleranceConfig(v: unknown, perMetric: unknown): ToleranceConfig {
  const o = asObject(v);
  const def = toTolerance(o, { abs: 0, rel: 0 });
  const metrics: Record<string, Tolerance> = {};
  for (const [k, t] of Object.entries(asObject(o.metrics))) setOwn(metrics, k, toTolerance(t, def));
  const ignored: string[] = [];
  for (const [k, t] of Object.entries(asObject(perMetric))) {
    if (t === 'ignore') {
      ignored.push(k);
      delete metrics[k];
    } else if (typeof t === 'number' && Number.isFinite(t) && t >= 0) {
      setOwn(metrics, k, { abs: 0, rel: t });
    } else {
      setOwn(metrics, k, toTolerance(t, def));
    }
  }
  return { default: def, metrics, ...(ignored.length > 0 ? { ignored } : {}) };
}

function toPattern(v: unknown): MetricPattern {
  const o = asObject(v);
  const p: { regex?: string; keyvalue?: string; keys?: string[]; step?: string } = {};
  if (typeof o.regex === 'string') p.regex = o.regex;
  if (typeof o.keyvalue === 'string') p.keyvalue = o.keyvalue;
  if (Array.isArray(o.keys)) p.keys = o.keys.map(String);
  else if (o.keys !== undefined) p.keys = [];
  if (typeof o.step === 'string') p.step = o.step;
  return p;
}

/** Builds the experiment `name` from its raw (schema-checked) YAML value. */
export function toExperiment(name: string, value: unknown): ExperimentConfig {
  const raw = asObject(value);
  const metrics = asObject(raw.metrics);
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(asObject(raw.env))) setOwn(env, k, String(v));
  const exp: ExperimentConfig = {
    name,
    command: Array.isArray(raw.command) ? raw.command.map(String) : typeof raw.command === 'string' ? raw.command : '',
    shell: raw.shell === true,
    params: { ...(asObject(raw.params) as Record<string, ParamValue>) },
    datasets: asArray(raw.datasets).map(toDataset),
    outputs: asArray(raw.outputs).map(String),
    metrics: {
      goal: metrics.goal === 'max' ? 'max' : 'min',
      patterns: asArray(metrics.patterns).map(toPattern),
    },
    env,
  };
  if (typeof metrics.primary === 'string') exp.metrics.primary = metrics.primary;
  if (raw.sweep !== undefined) {
    const sweep: Record<string, ParamValue[]> = {};
    for (const [k, v] of Object.entries(asObject(raw.sweep))) if (Array.isArray(v)) setOwn(sweep, k, v as ParamValue[]);
    exp.sweep = sweep;
  }
  if (typeof raw.cwd === 'string') exp.cwd = raw.cwd;
  if (raw.executor !== undefined) exp.executor = toExecutor(raw.executor);
  if (raw.reproduce !== undefined) {
    const r = asObject(raw.reproduce);
    exp.reproduce = { tolerance: toToleranceConfig(r.tolerance, r.metrics) };
  }
  return exp;
}
