// The datasets of a workspace (docs/lineage.md): every declared dataset and output path with the
// versions runs recorded of it (files, size, first seen, who read and wrote it), and whether the
// workspace holds one of them now. Pure over run records; the workspace hashes come from the caller.
import { chronological } from './graph';
import { type LineageRunRecord } from './types';

/** One recorded version of a declared path. */
export interface DatasetVersionInfo {
  readonly hash: string;
  readonly files: number;
  readonly bytes: number;
  /** createdAt of the first run that recorded it. */
  readonly firstSeen: string;
  /** Ids of the runs that read it / wrote it, oldest first. */
  readonly readBy: string[];
  readonly wroteBy: string[];
  /** The workspace holds exactly this version now (null: not checked). */
  readonly inWorkspace: boolean | null;
}

/** A declared dataset or output path and its versions, newest first. */
export interface DatasetInfo {
  readonly spec: string;
  /** Declared as a dataset (read), an output (written), or both by different experiments. */
  readonly role: 'dataset' | 'output' | 'both';
  readonly versions: DatasetVersionInfo[];
  /** The workspace differs from the newest version (null: not checked; missing: gone). */
  readonly changed: boolean | null;
  readonly missing: boolean;
}

/** What the workspace holds now per spec (its dataset hash), or null when nothing matches it. */
export type WorkspaceHashes = ReadonlyMap<string, string | null>;

type Seen = Omit<DatasetVersionInfo, 'inWorkspace'>;
interface Entry { read: boolean; wrote: boolean; readonly versions: Map<string, Seen> }

/** Every declared path of `records` (trash excluded) with its versions; `only` keeps one spec. */
export function listDatasets(records: readonly LineageRunRecord[], workspace?: WorkspaceHashes, only?: string): DatasetInfo[] {
  const bySpec = new Map<string, Entry>();
  for (const r of chronological(records.filter((x) => !x.trashed))) {
    for (const [list, how] of [[r.datasets, 'read'], [r.outputs, 'wrote']] as const) {
      for (const v of list) {
        if (only !== undefined && v.spec !== only) continue;
        const entry: Entry = bySpec.get(v.spec) ?? { read: false, wrote: false, versions: new Map<string, Seen>() };
        bySpec.set(v.spec, entry);
        entry[how] = true;
        const ver: Seen = entry.versions.get(v.hash) ?? { hash: v.hash, files: v.fileCount, bytes: v.bytes, firstSeen: r.createdAt, readBy: [], wroteBy: [] };
        entry.versions.set(v.hash, ver);
        (how === 'read' ? ver.readBy : ver.wroteBy).push(r.id);
      }
    }
  }
  const out: DatasetInfo[] = [];
  for (const [spec, e] of [...bySpec].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const now = workspace?.get(spec);
    const versions = [...e.versions.values()].reverse().map((v) => ({ ...v, inWorkspace: now === undefined ? null : now === v.hash }));
    const newest = versions[0];
    out.push({
      spec, role: e.read && e.wrote ? 'both' : e.read ? 'dataset' : 'output', versions,
      changed: now === undefined ? null : newest === undefined || now !== newest.hash,
      missing: now === null,
    });
  }
  return out;
}
