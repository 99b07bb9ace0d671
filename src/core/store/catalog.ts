// The catalog of a store's param, metric and dataset names (with each param's kind and the
// experiments each metric appears in): what a column chooser or a table's columns need, kept
// beside the summary index (catalogFile.ts) so listing the names costs O(names), not O(runs).
import { type ParamValue } from '../model';

/** What a param's values are across the runs that have it. */
export type ParamKind = 'number' | 'string' | 'boolean' | 'null' | 'mixed';
export const PARAM_KINDS: readonly ParamKind[] = ['number', 'string', 'boolean', 'null', 'mixed'];

/**
 * Every name runs have. A catalog only grows: a name of a run since deleted stays until the index
 * is rewritten (compaction, rebuild), then the catalog is rebuilt from what the index holds.
 */
export interface RunCatalog {
  /** Param name -> the kind of its values. */
  readonly params: Map<string, ParamKind>;
  /** Metric name -> the experiments of runs that log it ('' for runs of no experiment), first seen first. */
  readonly metrics: Map<string, Set<string>>;
  /** Dataset specs. */
  readonly datasets: Set<string>;
}

/** The fields of a run (summary or manifest) a catalog reads. */
export interface CatalogSource {
  readonly experiment: string | null;
  readonly params: Readonly<Record<string, ParamValue>>;
  readonly metrics: Readonly<Record<string, unknown>>;
  readonly datasets?: readonly { readonly spec: string }[];
}

/** An empty catalog. */
export function emptyCatalog(): RunCatalog {
  return { params: new Map(), metrics: new Map(), datasets: new Set() };
}

/** The kind of one param value. */
export function paramKind(v: ParamValue): ParamKind {
  return v === null ? 'null' : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'boolean' : 'string';
}

/** Adds one run's names to `catalog` (the one rule the index's catalog and a walk over runs share). */
export function addToCatalog(catalog: RunCatalog, run: CatalogSource): void {
  for (const name in run.params) {
    // for-in yields own keys here: runs come from JSON, and nothing adds enumerable keys to Object.prototype.
    const kind = paramKind(run.params[name] as ParamValue);
    const known = catalog.params.get(name);
    if (known === undefined) catalog.params.set(name, kind);
    else if (known !== kind) catalog.params.set(name, 'mixed');
  }
  const experiment = run.experiment ?? '';
  for (const name in run.metrics) {
    const experiments = catalog.metrics.get(name);
    if (experiments) experiments.add(experiment);
    else catalog.metrics.set(name, new Set([experiment]));
  }
  for (const d of run.datasets ?? []) catalog.datasets.add(d.spec);
}

/** Adds everything of `other` to `catalog`. */
export function mergeCatalog(catalog: RunCatalog, other: RunCatalog): void {
  for (const [name, kind] of other.params) {
    const known = catalog.params.get(name);
    catalog.params.set(name, known === undefined || known === kind ? kind : 'mixed');
  }
  for (const [name, experiments] of other.metrics) {
    const known = catalog.metrics.get(name);
    if (known) for (const e of experiments) known.add(e);
    else catalog.metrics.set(name, new Set(experiments));
  }
  for (const d of other.datasets) catalog.datasets.add(d);
}

/** The catalog of `runs`, walking every one of them (what the index's catalog saves). */
export function catalogOf(runs: Iterable<CatalogSource>): RunCatalog {
  const catalog = emptyCatalog();
  for (const r of runs) addToCatalog(catalog, r);
  return catalog;
}

/** A catalog as plain JSON (maps as objects, sets as arrays). */
export interface CatalogJson {
  readonly params: Record<string, ParamKind>;
  readonly metrics: Record<string, string[]>;
  readonly datasets: string[];
}

/** A catalog as JSON. */
export function catalogJson(catalog: RunCatalog): CatalogJson {
  return {
    params: Object.fromEntries(catalog.params),
    metrics: Object.fromEntries([...catalog.metrics].map(([k, v]) => [k, [...v]])),
    datasets: [...catalog.datasets],
  };
}

/** A catalog read back from JSON; undefined for anything not shaped like one. */
export function parseCatalogJson(raw: unknown): RunCatalog | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { params, metrics, datasets } = raw as Partial<Record<keyof CatalogJson, unknown>>;
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isObject(params) || !isObject(metrics) || !Array.isArray(datasets)) return undefined;
  const catalog = emptyCatalog();
  for (const [name, kind] of Object.entries(params)) {
    if (!PARAM_KINDS.includes(kind as ParamKind)) return undefined;
    catalog.params.set(name, kind as ParamKind);
  }
  for (const [name, experiments] of Object.entries(metrics)) {
    if (!Array.isArray(experiments) || !experiments.every((e) => typeof e === 'string')) return undefined;
    catalog.metrics.set(name, new Set(experiments));
  }
  for (const d of datasets) {
    if (typeof d !== 'string') return undefined;
    catalog.datasets.add(d);
  }
  return catalog;
}
