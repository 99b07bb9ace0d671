// The column chooser: every column by group with a search box; a checkbox shows or hides a column,
// the pin keeps it left of the others, the arrows move it within its group. "Show all" and "Hide
// all" act on what the search matches.
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { TABLE_GROUPS, type TableColumn, type TableLayout } from '../../src/protocol/runsTable';
import { h, icon, replaceChildren } from '../shared/dom';
import { GROUP_LABELS } from './layout';

/** The chooser's panel; `change` receives each edited layout. */
export class ColumnChooser {
  readonly element: HTMLElement;
  private readonly list: HTMLElement;
  private readonly search: HTMLElement & { value: string };
  private columns: readonly TableColumn[] = [];
  private layout: TableLayout | undefined;

  constructor(private readonly change: (layout: TableLayout) => void) {
    this.search = h('vscode-textfield', { placeholder: 'Search columns', 'aria-label': 'Search columns' });
    this.search.addEventListener('input', () => this.render());
    this.list = h('div', { class: 'chooser-list', role: 'list' });
    const bulk = (show: boolean): void => this.bulk(show);
    this.element = h('div', { class: 'chooser', role: 'dialog', 'aria-label': 'Choose columns', hidden: true },
      h('div', { class: 'chooser-head' }, this.search,
        h('button', { type: 'button', class: 'text-button', onclick: () => bulk(true) }, 'Show all'),
        h('button', { type: 'button', class: 'text-button', onclick: () => bulk(false) }, 'Hide all'),
        h('button', { type: 'button', class: 'icon-button', title: 'Close', 'aria-label': 'Close the column chooser', onclick: () => this.toggle(false) }, icon('close'))),
      this.list);
    this.element.addEventListener('keydown', (e) => { if (e.key === 'Escape') this.toggle(false); });
  }

  /** Shows or hides the chooser (toggles without an argument). */
  toggle(open = this.element.hidden): void {
    this.element.hidden = !open;
    if (open) {
      this.render();
      this.search.focus();
    }
  }

  /** New columns or layout. */
  set(columns: readonly TableColumn[], layout: TableLayout): void {
    this.columns = columns;
    this.layout = layout;
    if (!this.element.hidden) this.render();
  }

  private matches(): TableColumn[] {
    const q = this.search.value.trim().toLowerCase();
    const rank = new Map(this.layout?.order.map((k, i) => [k, i]));
    return this.columns.filter((c) => !q || c.label.toLowerCase().includes(q) || c.key.toLowerCase().includes(q))
      .sort((a, b) => (rank.get(a.key) ?? 0) - (rank.get(b.key) ?? 0));
  }

  private bulk(show: boolean): void {
    const layout = this.layout;
    if (!layout) return;
    const keys = new Set(this.matches().map((c) => c.key));
    const hidden = show ? layout.hidden.filter((k) => !keys.has(k)) : [...new Set([...layout.hidden, ...keys])].filter((k) => k !== 'name');
    this.change({ ...layout, hidden });
  }

  private edit(key: string, what: 'show' | 'pin' | 'up' | 'down'): void {
    const layout = this.layout;
    if (!layout) return;
    const flip = (list: readonly string[]): string[] => (list.includes(key) ? list.filter((k) => k !== key) : [...list, key]);
    if (what === 'show') return this.change({ ...layout, hidden: flip(layout.hidden) });
    if (what === 'pin') return this.change({ ...layout, pinned: flip(layout.pinned), hidden: layout.hidden.filter((k) => k !== key) });
    const group = this.columns.find((c) => c.key === key)?.group;
    const siblings = layout.order.filter((k) => this.columns.find((c) => c.key === k)?.group === group);
    const target = siblings[siblings.indexOf(key) + (what === 'up' ? -1 : 1)];
    if (target === undefined) return;
    const order = [...layout.order];
    const a = order.indexOf(key);
    const b = order.indexOf(target);
    [order[a], order[b]] = [target, key];
    this.change({ ...layout, order });
  }

  private render(): void {
    const layout = this.layout;
    if (!layout) return;
    const shown = this.matches();
    replaceChildren(this.list, ...TABLE_GROUPS.flatMap((g) => {
      const members = shown.filter((c) => c.group === g);
      if (members.length === 0) return [];
      return [h('div', { class: 'chooser-group', role: 'presentation' }, GROUP_LABELS[g]), ...members.map((c) => {
        const visible = !layout.hidden.includes(c.key);
        const pinned = layout.pinned.includes(c.key);
        const box = h('input', { type: 'checkbox', id: `show-${c.key}`, checked: visible, 'aria-label': `Show ${c.label}`, onchange: () => this.edit(c.key, 'show') });
        return h('div', { class: 'chooser-item', role: 'listitem', 'data-key': c.key }, box, h('label', { for: `show-${c.key}`, class: 'chooser-label' }, c.label),
          h('button', { type: 'button', class: `icon-button${pinned ? ' on' : ''}`, title: pinned ? 'Unpin' : 'Pin to the left', 'aria-pressed': pinned ? 'true' : 'false', onclick: () => this.edit(c.key, 'pin') }, icon(pinned ? 'pinned' : 'pin')),
          h('button', { type: 'button', class: 'icon-button', title: 'Move up', 'aria-label': `Move ${c.label} up`, onclick: () => this.edit(c.key, 'up') }, icon('arrow-up')),
          h('button', { type: 'button', class: 'icon-button', title: 'Move down', 'aria-label': `Move ${c.label} down`, onclick: () => this.edit(c.key, 'down') }, icon('arrow-down')));
      })];
    }));
  }
}
