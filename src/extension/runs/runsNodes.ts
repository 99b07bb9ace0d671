// The Runs tree's nodes, one object per row, group, "Show more…" and folder: VS Code finds the rows
// to redraw, and their parents, by the element objects it was given, so each keeps one identity.
import { type RunManifest } from '../../core/model';
import { type GroupBy } from '../../views/runs/groupedRuns';
import { type FolderRuns } from './folderRuns';

/** A node of the Runs tree. */
export type RunsNode =
  | { readonly kind: 'folder'; readonly folder: FolderRuns }
  | { readonly kind: 'group'; readonly folder: FolderRuns; readonly key: string }
  | { readonly kind: 'run'; readonly folder: FolderRuns; readonly id: string }
  /** "Show more…" at the end of a group's page (key '' when not grouping). */
  | { readonly kind: 'more'; readonly folder: FolderRuns; readonly key: string }
  | { readonly kind: 'trash'; readonly folder: FolderRuns }
  | { readonly kind: 'trashed'; readonly folder: FolderRuns; readonly run: RunManifest };

/** The cached nodes of one FolderRuns. */
interface FolderNodes {
  readonly folder: RunsNode & { kind: 'folder' };
  readonly trash: RunsNode & { kind: 'trash' };
  readonly runs: Map<string, RunsNode & { kind: 'run' }>;
  /** By `groupBy|key`. */
  readonly groups: Map<string, RunsNode & { kind: 'group' }>;
  readonly more: Map<string, RunsNode & { kind: 'more' }>;
}

/**
 * The nodes of every folder, cached per FolderRuns object, not per folder URI: a store reopened for
 * the same folder (runlens.storePath) gets nodes of its own, and the retired store's nodes go with it.
 */
export class RunsNodes {
  private readonly nodes = new WeakMap<FolderRuns, FolderNodes>();

  /** `grouping` says the grouping in use (a group's node is per grouping and key). */
  constructor(private readonly grouping: () => GroupBy) {}

  /** The node of a workspace folder (multi-root only). */
  folder(folder: FolderRuns): RunsNode & { kind: 'folder' } {
    return this.of(folder).folder;
  }

  /** The Trash node of a folder. */
  trash(folder: FolderRuns): RunsNode & { kind: 'trash' } {
    return this.of(folder).trash;
  }

  /** The row node of run `id`, if one was made. */
  existingRun(folder: FolderRuns, id: string): (RunsNode & { kind: 'run' }) | undefined {
    return this.of(folder).runs.get(id);
  }

  /** The row node of run `id`. */
  run(folder: FolderRuns, id: string): RunsNode & { kind: 'run' } {
    const runs = this.of(folder).runs;
    let node = runs.get(id);
    if (!node) runs.set(id, (node = { kind: 'run', folder, id }));
    return node;
  }

  /** The node of group `key` in the grouping in use. */
  group(folder: FolderRuns, key: string): RunsNode & { kind: 'group' } {
    const groups = this.of(folder).groups;
    const id = `${this.grouping()}|${key}`;
    let node = groups.get(id);
    if (!node) groups.set(id, (node = { kind: 'group', folder, key }));
    return node;
  }

  /** The "Show more…" node ending group `key`'s page. */
  more(folder: FolderRuns, key: string): RunsNode & { kind: 'more' } {
    const more = this.of(folder).more;
    let node = more.get(key);
    if (!node) more.set(key, (node = { kind: 'more', folder, key }));
    return node;
  }

  private of(folder: FolderRuns): FolderNodes {
    let cached = this.nodes.get(folder);
    if (!cached) {
      cached = { folder: { kind: 'folder', folder }, trash: { kind: 'trash', folder }, runs: new Map(), groups: new Map(), more: new Map() };
      this.nodes.set(folder, cached);
    }
    return cached;
  }
}
