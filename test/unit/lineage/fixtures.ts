// Builders of lineage records for the lineage unit tests: runs with datasets and outputs whose
// file hashes are derived from a content label, so "same content" is easy to write down.
import { createHash } from 'node:crypto';
import { datasetHash } from '../../../src/core/data/manifest';
import { type LineageRunRecord, type VersionRecord } from '../../../src/core/lineage/types';

/** SHA-256 of a content label, standing for a file's content. */
export function sha(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A version of `spec` holding `files` (path -> content label); sizes are the labels' lengths. */
export function ver(spec: string, files: Record<string, string>): VersionRecord {
  const list = Object.entries(files).map(([path, content]) => ({ path, size: content.length, sha256: sha(content) }));
  return { spec, hash: datasetHash(list), bytes: list.reduce((s, f) => s + f.size, 0), fileCount: list.length, files: list };
}

/** A single-file version: spec and file path are the same. */
export function file(path: string, content: string): VersionRecord {
  return ver(path, { [path]: content });
}

let clock = 0;

/** A finished run created after every run made before it (ids sort like creation times). */
export function run(name: string, datasets: VersionRecord[], outputs: VersionRecord[], extra: Partial<LineageRunRecord> = {}): LineageRunRecord {
  clock++;
  const t = new Date(Date.UTC(2026, 0, 1, 0, 0, clock));
  const id = `20260101-0000${String(clock % 60).padStart(2, '0')}-${String(clock).padStart(3, '0')}-${name.slice(0, 6).padEnd(6, 'x').toLowerCase()}`;
  return {
    id, name, experiment: name, command: ['python', `${name}.py`], status: 'finished', createdAt: t.toISOString(), params: {},
    trashed: false, pulled: false, data: 'hashed', datasets, outputs, ...extra,
  };
}
