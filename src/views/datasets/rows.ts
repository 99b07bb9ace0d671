// What a row of the Datasets view shows (docs/lineage.md#datasets-view): a declared path with the
// workspace's state, a version with its short hash, files, size and age, and the runs that read or
// wrote it. Pure, so the tree and its tests share one wording; names from run data are escaped.
import { type DatasetInfo, type DatasetVersionInfo } from '../../core/lineage/datasets';
import { formatAgo, formatBytes } from '../../core/present/format';
import { codeSpan, escapeMarkdown } from '../../core/present/markdown';

/** Hash characters shown in a row. */
export const SHORT_HASH = 12;

/** One row: what the tree item is made of, without `vscode`. */
export interface DatasetRow {
  readonly label: string;
  readonly description: string;
  /** Markdown (every name escaped). */
  readonly tooltip: string;
  /** A codicon id, and the theme colour it is drawn in (if any). */
  readonly icon: string;
  readonly iconColor?: string;
  readonly contextValue: string;
}

/** The workspace's state of a declared path in words. */
export function workspaceState(d: DatasetInfo): string {
  if (d.missing) return 'gone from the workspace';
  if (d.changed === true) return 'changed since the last run';
  if (d.changed === false) return 'as the last run saw it';
  return 'not checked';
}

/** The row of a declared dataset or output path. */
export function datasetRow(d: DatasetInfo): DatasetRow {
  const state = workspaceState(d);
  const role = d.role === 'both' ? 'dataset and output' : d.role;
  const attention = d.missing || d.changed === true;
  return {
    label: d.spec,
    description: `${attention ? state : `${d.versions.length} version${d.versions.length === 1 ? '' : 's'}`}`,
    tooltip: [
      `**${escapeMarkdown(d.spec)}** (${role})`,
      `${d.versions.length} recorded version${d.versions.length === 1 ? '' : 's'}; the workspace: ${state}`,
    ].join('\n\n'),
    icon: attention ? 'diff-modified' : d.role === 'output' ? 'package' : 'database',
    ...(attention ? { iconColor: d.missing ? 'list.errorForeground' : 'list.warningForeground' } : {}),
    contextValue: `dataset.${d.role}${attention ? '.changed' : ''}`,
  };
}

/** A run as a version's tooltip and children name it. */
export interface RunName {
  readonly id: string;
  readonly name: string;
}

/** The row of one recorded version; `names` gives each run id its name. */
export function versionRow(d: DatasetInfo, v: DatasetVersionInfo, names: (id: string) => string, now = Date.now()): DatasetRow {
  const newest = d.versions[0]?.hash === v.hash;
  const parts = [`${v.files} file${v.files === 1 ? '' : 's'}`, formatBytes(v.bytes), formatAgo(v.firstSeen, now, true)];
  if (v.inWorkspace) parts.unshift('in workspace');
  const list = (ids: readonly string[]): string => (ids.length === 0 ? 'none' : ids.map((id) => escapeMarkdown(names(id))).join(', '));
  return {
    label: v.hash.slice(0, SHORT_HASH),
    description: parts.join(' · '),
    tooltip: [
      `${escapeMarkdown(d.spec)} @ ${codeSpan(v.hash)}`,
      `${v.files} file${v.files === 1 ? '' : 's'}, ${formatBytes(v.bytes)}; first seen ${formatAgo(v.firstSeen, now)}${newest ? ' (newest)' : ''}`,
      v.inWorkspace ? 'The workspace holds this version now.' : 'The workspace does not hold this version now.',
      `Read by: ${list(v.readBy)}`,
      `Written by: ${list(v.wroteBy)}`,
    ].join('\n\n'),
    icon: v.inWorkspace ? 'pass-filled' : 'circle-outline',
    ...(v.inWorkspace ? { iconColor: 'testing.iconPassed' } : {}),
    contextValue: `datasetVersion${v.inWorkspace ? '.current' : ''}`,
  };
}
