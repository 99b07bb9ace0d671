// Key-by-key differences between two runs' flat records: params, tool versions and the config's
// env variables, and the host each run ran on. Pure functions, so `runlens diff`, the extension
// and tests share one definition of "differs".
import { isDeepStrictEqual } from 'node:util';
import { type ParamValue, type RunManifest } from '../model';

/** A key present in one run only, with its value there. */
export interface KeyValue<T> {
  readonly name: string;
  readonly value: T;
}

/** A key present in both runs with different values (`a` = first run, `b` = second). */
export interface KeyChange<T> {
  readonly name: string;
  readonly a: T;
  readonly b: T;
}

/** What differs between two records; every list sorted by name. Equal keys are not listed. */
export interface RecordDiff<T> {
  /** Keys only the second run (B) has. */
  readonly added: KeyValue<T>[];
  /** Keys only the first run (A) has. */
  readonly removed: KeyValue<T>[];
  readonly changed: KeyChange<T>[];
}

/** What differs in the environment the two runs ran in. */
export interface EnvironmentDiff {
  /** Tool versions (node, python, platform, runlens...), the `host` entry left to `host` below. */
  readonly versions: RecordDiff<string>;
  /** The environment variables the config set (`env:` of the experiment). */
  readonly env: RecordDiff<string>;
  /** The machines, when they differ; null when both ran on the same host (or neither recorded one). */
  readonly host: KeyChange<string | null> | null;
}

const has = (r: object, k: string): boolean => Object.prototype.hasOwnProperty.call(r, k);

/**
 * Compares two records key by key. Values are compared deeply and by type, so `1` and `"1"`
 * differ and `NaN` equals `NaN` (a param that did not change is never reported).
 */
export function diffRecords<T>(a: Readonly<Record<string, T>>, b: Readonly<Record<string, T>>): RecordDiff<T> {
  const added: KeyValue<T>[] = [];
  const removed: KeyValue<T>[] = [];
  const changed: KeyChange<T>[] = [];
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const name of names) {
    const inA = has(a, name);
    const inB = has(b, name);
    if (inA && !inB) removed.push({ name, value: a[name] as T });
    else if (!inA && inB) added.push({ name, value: b[name] as T });
    else if (!isDeepStrictEqual(a[name], b[name])) changed.push({ name, a: a[name] as T, b: b[name] as T });
  }
  return { added, removed, changed };
}

/** True when a record diff lists nothing. */
export function isEmptyRecordDiff(d: RecordDiff<unknown>): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}

/** The params of A and B, key by key. */
export function diffParams(a: RunManifest, b: RunManifest): RecordDiff<ParamValue> {
  return diffRecords<ParamValue>(a.params, b.params);
}

/** The host a run ran on: its supervisor's host, else the one in its versions. */
function hostOf(m: RunManifest): string | null {
  return m.process?.host ?? m.versions.host ?? null;
}

/** Versions (without `host`), config env variables and host of A and B. */
export function diffEnvironment(a: RunManifest, b: RunManifest): EnvironmentDiff {
  const versions = (m: RunManifest): Record<string, string> => {
    const { host: _host, ...rest } = m.versions;
    return rest;
  };
  const ha = hostOf(a);
  const hb = hostOf(b);
  return {
    versions: diffRecords(versions(a), versions(b)),
    env: diffRecords(a.env, b.env),
    host: ha === hb ? null : { name: 'host', a: ha, b: hb },
  };
}

/** True when the environment diff lists nothing. */
export function isEmptyEnvironmentDiff(d: EnvironmentDiff): boolean {
  return isEmptyRecordDiff(d.versions) && isEmptyRecordDiff(d.env) && d.host === null;
}
