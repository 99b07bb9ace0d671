// The text sections of the Run Detail page: params, metric summary, git, data and environment
// (the header is header.ts). Built with h(), so every value from the run is a text node.
import { h, icon } from '../shared/dom';
import { type DataInfo, type DataRow, type Entry, type GitInfo, type RunAction, type RunInfo } from '../../src/protocol/runDetail';

/** What the sections ask the host to do. */
export interface SectionActions {
  action(action: RunAction): void;
  copy(text: string): void;
  openDiff(path: string): void;
  pin(): void;
}

/** A short hash with the full one on hover and a copy button beside it. */
export function hashCell(hash: string, actions: SectionActions, what: string): HTMLElement {
  return h('span', { class: 'hash' },
    h('code', { title: hash }, hash.slice(0, 12)),
    h('button', { class: 'icon-button', title: `Copy ${what}`, 'aria-label': `Copy ${what} ${hash}`, onClick: () => actions.copy(hash) }, icon('copy')));
}

/** A two-column table of entries, or a muted line when there are none. */
export function entryTable(entries: readonly Entry[], keyLabel: string, empty: string, id?: string): HTMLElement {
  if (entries.length === 0) return h('p', { class: 'muted' }, empty);
  return h('table', { id, 'aria-label': keyLabel },
    h('thead', {}, h('tr', {}, h('th', {}, keyLabel), h('th', {}, 'value'))),
    h('tbody', {}, ...entries.map((e) => h('tr', {}, h('td', {}, h('code', {}, e.key)), h('td', { class: 'value' }, e.value)))));
}

/** The metric summary table (last/min/max, and best by each metric's goal where it has one). */
export function metricTable(run: RunInfo): HTMLElement {
  if (run.metrics.length === 0) return h('p', { class: 'muted' }, run.live ? 'No metrics logged yet.' : 'This run logged no metrics.');
  return h('div', {},
    run.goal ? h('p', { class: 'muted' }, 'Primary metric: ', run.goal) : null,
    h('table', { id: 'metric-table', 'aria-label': 'Metric summaries' },
      h('thead', {}, h('tr', {}, ...['metric', 'last', 'min', 'max', 'best', 'points'].map((c) => h('th', {}, c)))),
      h('tbody', {}, ...run.metrics.map((m) => h('tr', { class: m.primary ? 'primary' : '' },
        h('td', {}, m.primary ? h('strong', {}, m.name) : m.name),
        h('td', { class: 'num' }, m.last), h('td', { class: 'num' }, m.min), h('td', { class: 'num' }, m.max),
        h('td', { class: 'num' }, m.best ?? '–'),
        h('td', { class: 'num' }, String(m.count), m.nonFinite > 0 ? h('span', { class: 'muted' }, ` (${m.nonFinite} non-finite)`) : null))))),
    run.badMetricLines > 0 ? h('p', { class: 'muted' }, `${run.badMetricLines} metric line(s) could not be parsed.`) : null,
  );
}

/** The git section: commit, branch, dirty flag, changed files with "Open diff against HEAD". */
export function gitSection(git: GitInfo, actions: SectionActions): HTMLElement {
  const notes = git.notes.map((n) => h('p', { class: 'muted' }, icon('info'), ' ', n));
  if (!git.commit && !git.snapshot) return h('div', {}, ...(notes.length > 0 ? notes : [h('p', { class: 'muted' }, 'No commit was recorded.')]));
  const rows: [string, Node | string][] = [];
  if (git.commit) rows.push(['commit', hashCell(git.commit, actions, 'commit')]);
  rows.push(['branch', git.branch ?? '(none)']);
  rows.push(['working tree', git.dirty ? 'uncommitted changes (in the snapshot)' : 'clean']);
  if (git.snapshot) rows.push(['snapshot', hashCell(git.snapshot, actions, 'snapshot commit')]);
  if (git.remote) rows.push(['remote', git.remote]);
  const files = git.changed.length === 0 ? h('p', { class: 'muted' }, 'No file differed from the commit.')
    : h('ul', { class: 'files', 'aria-label': 'Changed files' }, ...git.changed.map((f) => h('li', {},
      icon(f.kind === 'untracked' ? 'diff-added' : 'diff-modified'), ' ', h('code', {}, f.path),
      f.kind === 'untracked' ? h('span', { class: 'muted' }, ' (untracked)') : null, ' ',
      f.diffable ? h('a', { href: '#', role: 'button', class: 'diff-link', 'aria-label': `Open diff against HEAD for ${f.path}`, onClick: (e: Event) => { e.preventDefault(); actions.openDiff(f.path); } }, 'Open diff against HEAD') : null)));
  return h('div', {},
    h('table', { id: 'git-table' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))))),
    h('h3', {}, 'Changed files'), files, ...notes);
}

function dataTable(rows: readonly DataRow[], label: string, actions: SectionActions): HTMLElement {
  return h('table', { 'aria-label': label },
    h('thead', {}, h('tr', {}, ...['path', 'hash', 'files', 'size', ''].map((c) => h('th', {}, c)))),
    h('tbody', {}, ...rows.map((d) => h('tr', {},
      h('td', {}, h('code', {}, d.spec)), h('td', {}, d.hash ? hashCell(d.hash, actions, 'hash') : '–'),
      h('td', { class: 'num' }, String(d.files)), h('td', { class: 'num' }, d.size),
      h('td', { class: d.problem ? 'error' : '' }, d.problem)))));
}

/** Datasets and outputs with hashes, file counts and sizes. */
export function dataSection(data: DataInfo, live: boolean, actions: SectionActions): HTMLElement {
  return h('div', {},
    data.message ? h('p', { class: 'muted' }, data.message) : null,
    data.datasets.length > 0 ? h('h3', {}, 'Datasets') : null,
    data.datasets.length > 0 ? dataTable(data.datasets, 'Datasets', actions) : null,
    data.outputs.length > 0 ? h('h3', {}, 'Outputs') : null,
    data.outputs.length > 0 ? dataTable(data.outputs, 'Outputs', actions)
      : live && !data.message ? h('p', { class: 'muted' }, 'Outputs are hashed when the run ends.') : null,
    ...data.warnings.map((w) => h('p', { class: 'warning' }, icon('warning'), ' ', w)));
}

/** Environment: where and with what it ran, the config's env overrides. */
export function environmentSection(run: RunInfo): HTMLElement {
  return h('div', {},
    entryTable([{ key: 'cwd', value: run.cwd }, ...run.environment], 'recorded', 'Nothing recorded.'),
    h('h3', {}, 'Environment overrides'),
    entryTable(run.env, 'variable', 'The config set no environment variables.'));
}
