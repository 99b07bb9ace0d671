// The filters of a run listing (status, experiment, tag, text) and the one test of a run against
// them, for whole manifests and summaries alike.
import { type RunManifest, type RunStatus } from '../model';
import { type RunSummary } from './summary';

/** Filters for {@link RunStore.listRuns}; all given filters must match. */
export interface RunQuery {
  readonly status?: RunStatus[];
  readonly experiment?: string;
  readonly tag?: string;
  /** Case-insensitive substring of id, name, experiment, command, tags or note. */
  readonly text?: string;
  readonly includeTrash?: boolean;
}

/** Whether a run passes a {@link RunQuery}'s filters (its `text` searches the command of whole manifests only). */
export function matchesQuery(m: RunManifest | RunSummary, q: RunQuery): boolean {
  if (q.status && !q.status.includes(m.status)) return false;
  if (q.experiment !== undefined && m.experiment !== q.experiment) return false;
  if (q.tag !== undefined && !m.tags.includes(q.tag)) return false;
  if (q.text) {
    const t = q.text.toLowerCase();
    const hay = [m.id, m.name, m.experiment ?? '', ...('command' in m ? m.command : []), ...m.tags, m.note].join('\n').toLowerCase();
    if (!hay.includes(t)) return false;
  }
  return true;
}
