// The bar above the grid: the filter (the Runs view's language, applied by the host with core's
// parser), quick filters (status, starred, a tag), the column tools (chooser, only differing
// columns, CSV export), how many runs show, and the actions on the selected runs.
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import { type QuickFilters, type TableAction } from '../../src/protocol/runsTable';
import { h, icon, replaceChildren } from '../shared/dom';

/** What the toolbar asks of the page. */
export interface ToolbarCallbacks {
  onFilter(text: string): void;
  onQuick(quick: QuickFilters): void;
  onChooser(): void;
  onOnlyDiffering(): void;
  /** Switches grouping by experiment on or off. */
  onGroup(): void;
  onExport(): void;
  onAction(action: TableAction): void;
}

const ACTIONS: readonly (readonly [TableAction, string, string])[] = [
  ['open', 'Details', 'preview'], ['compare', 'Compare', 'diff-multiple'], ['star', 'Star', 'star-empty'], ['unstar', 'Unstar', 'star-full'],
  ['tag', 'Tag', 'tag'], ['rerun', 'Rerun', 'debug-restart'], ['reproduce', 'Reproduce', 'debug-rerun'], ['showLineage', 'Lineage', 'type-hierarchy'],
  ['delete', 'Delete', 'trash'],
];

function toggleButton(label: string, pressed: boolean, onClick: () => void, extra = ''): HTMLElement {
  return h('button', { type: 'button', class: `chip-toggle${pressed ? ' on' : ''}${extra}`, 'aria-pressed': pressed ? 'true' : 'false', onclick: onClick }, label);
}

/** The toolbar of one Runs Table page. */
export class Toolbar {
  readonly element: HTMLElement;
  readonly filter: HTMLElement & { value: string };
  private readonly error = h('div', { class: 'filter-error error', role: 'alert' });
  private readonly quickRow = h('div', { class: 'quick', role: 'group', 'aria-label': 'Quick filters' });
  private readonly count = h('span', { class: 'count muted', role: 'status' });
  private readonly actions = h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Actions on the selected runs' });
  private readonly differing: HTMLElement;
  private readonly grouping: HTMLElement;
  private timer = 0;

  constructor(private readonly cb: ToolbarCallbacks) {
    this.filter = h('vscode-textfield', { class: 'filter', placeholder: 'Filter: e.g. lr < 0.01 and status:finished', 'aria-label': 'Filter runs' });
    this.filter.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => cb.onFilter(this.filter.value), 250);
    });
    this.filter.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      clearTimeout(this.timer);
      cb.onFilter(this.filter.value);
    });
    this.differing = toggleButton('Only differing columns', false, () => cb.onOnlyDiffering());
    this.grouping = toggleButton('Group by experiment', false, () => cb.onGroup(), ' group-button');
    const tool = (label: string, codicon: string, onClick: () => void, cls = ''): HTMLElement =>
      h('button', { type: 'button', class: `text-button${cls}`, onclick: onClick }, icon(codicon), ` ${label}`);
    this.element = h('div', { class: 'toolbar' },
      h('div', { class: 'toolbar-row' }, this.filter, tool('Columns', 'list-selection', () => cb.onChooser(), ' columns-button'), this.grouping, this.differing,
        tool('Export CSV', 'export', () => cb.onExport()), this.count),
      this.error,
      h('div', { class: 'toolbar-row' }, this.quickRow, this.actions));
  }

  /** Redraws the quick filters for the statuses and tags the runs have. */
  setQuick(quick: QuickFilters, statuses: readonly string[], tags: readonly string[]): void {
    const set = (patch: Partial<QuickFilters>): void => this.cb.onQuick({ ...quick, ...patch });
    const flip = (list: readonly string[], v: string): string[] => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);
    const tagSelect = h('vscode-single-select', { 'aria-label': 'Only runs with the tag', class: 'tag-select' },
      h('vscode-option', { value: '', selected: quick.tags.length === 0 }, 'any tag'),
      ...tags.map((t) => h('vscode-option', { value: t, selected: quick.tags.includes(t) }, t)));
    tagSelect.addEventListener('change', () => {
      const value = (tagSelect as unknown as { value: string }).value;
      set({ tags: value ? [value] : [] });
    });
    replaceChildren(this.quickRow,
      ...statuses.map((s) => toggleButton(s, quick.statuses.includes(s), () => set({ statuses: flip(quick.statuses, s) }), ` status-${s}`)),
      h('button', { type: 'button', class: `chip-toggle${quick.starred ? ' on' : ''}`, 'aria-pressed': quick.starred ? 'true' : 'false', onclick: () => set({ starred: !quick.starred }) }, icon('star-full'), ' starred'),
      tags.length > 0 ? tagSelect : null);
  }

  /** Shows how many runs the query shows, the filter's problem if it has one, and which toggles are on. */
  setCounts(shown: number, total: number, filterError: string | null, onlyDiffering: boolean, grouped: boolean): void {
    this.count.textContent = shown === total ? `${total} runs` : `${shown} of ${total} runs`;
    this.error.textContent = filterError ? `The filter is not applied: ${filterError}` : '';
    this.differing.classList.toggle('on', onlyDiffering);
    this.differing.setAttribute('aria-pressed', onlyDiffering ? 'true' : 'false');
    this.grouping.classList.toggle('on', grouped);
    this.grouping.setAttribute('aria-pressed', grouped ? 'true' : 'false');
  }

  /** Enables the actions that apply to `selected` runs. */
  setSelection(selected: number): void {
    replaceChildren(this.actions, h('span', { class: 'muted' }, selected === 0 ? 'Select runs to act on them' : `${selected} selected:`),
      ...ACTIONS.map(([action, label, codicon]) => h('button', {
        type: 'button', class: 'text-button', disabled: selected === 0 || (action === 'compare' && selected < 2), 'data-action': action,
        onclick: () => this.cb.onAction(action),
      }, icon(codicon), ` ${label}`)));
  }
}
