// The Run Detail header: name, status line (local start time and "5 m ago"), command, error, tags,
// note, and the run's actions as VS Code lays them out: the primary ones as buttons, the rest in an
// overflow menu ("More Actions..."), and Delete apart at the end so it is never hit by mistake.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-context-menu/index.js';
import { h, icon } from '../shared/dom';
import { type RunAction, type RunInfo } from '../../src/protocol/runDetail';
import { type SectionActions } from './sections';

const STATUS_ICONS: Record<string, string> = {
  queued: 'clock', running: 'loading', finished: 'pass', failed: 'error', stopped: 'debug-stop', crashed: 'warning',
};

/** One entry of the overflow menu; `pin` is the page's own, every other value is a RunAction. */
interface MenuEntry {
  readonly label: string;
  readonly value: RunAction | 'pin';
}

function button(label: string, codicon: string, onClick: () => void, options: { title?: string; primary?: boolean; id?: string } = {}): HTMLElement {
  const title = options.title ?? label;
  // The glyph is slotted light DOM (not the button's `icon`), so it uses the page's codicon font,
  // which is loaded before the first paint, instead of a stylesheet each shadow root loads late.
  return h('vscode-button', { secondary: !options.primary, title, 'aria-label': title, id: options.id, onClick },
    h('span', { slot: 'content-before', class: `codicon codicon-${codicon}`, 'aria-hidden': 'true' }), label);
}

/** What the overflow menu lists for this run, in VS Code's order: edit, open, copy, then pin. */
function menuEntries(run: RunInfo, pinned: boolean, hasCommit: boolean): MenuEntry[] {
  const entries: (MenuEntry | null)[] = [
    run.starred ? { label: 'Unstar', value: 'unstar' } : { label: 'Star', value: 'star' },
    { label: 'Edit Tags...', value: 'tag' },
    { label: 'Rename...', value: 'rename' },
    { label: 'Edit Note...', value: 'note' },
    { label: 'Open Log', value: 'openLog' },
    { label: 'Open Run Folder', value: 'openFolder' },
    { label: 'Copy Run Id', value: 'copyId' },
    hasCommit ? { label: 'Copy Commit', value: 'copyCommit' } : null,
    pinned ? null : { label: 'Pin This Panel', value: 'pin' },
  ];
  return entries.filter((e): e is MenuEntry => e !== null);
}

/** The "More Actions..." button and the menu it opens (arrow keys, Enter, Escape as in VS Code). */
function overflowMenu(entries: MenuEntry[], actions: SectionActions): HTMLElement {
  const menu = h('vscode-context-menu', { id: 'more-actions-menu', class: 'overflow-menu' });
  menu.data = entries.map((e) => ({ label: e.label, value: e.value }));
  const choose = (e: Event): void => {
    const value = (e as CustomEvent<{ value: string }>).detail.value;
    const entry = entries.find((x) => x.value === value);
    if (!entry) return;
    if (entry.value === 'pin') actions.pin();
    else actions.action(entry.value);
  };
  const more = h('vscode-button', {
    secondary: true, id: 'more-actions', title: 'More Actions...', 'aria-label': 'More Actions...', 'aria-haspopup': 'menu',
    onClick: (e: Event) => {
      // The menu closes itself on a click outside it: this click must not count as one.
      e.stopPropagation();
      menu.show = !menu.show;
      if (!menu.show) return;
      menu.focus();
      // Opened from the keyboard (a click without a pointer): the first item is selected, as in VS Code.
      if ((e as MouseEvent).detail === 0) menu.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown' }));
    },
  }, h('span', { class: 'codicon codicon-ellipsis', 'aria-hidden': 'true' }));
  menu.addEventListener('vsc-context-menu-select', (e) => {
    more.focus();
    choose(e);
  });
  // Escape closes the menu (the menu does that itself) and gives the focus back to its button.
  menu.addEventListener('keydown', (e) => { if (e.key === 'Escape') more.focus(); });
  return h('span', { class: 'more' }, more, menu);
}

/** The toolbar: Stop (while running), Compare, Reproduce, Rerun, More Actions..., and Delete apart. */
function toolbar(run: RunInfo, pinned: boolean, hasCommit: boolean, actions: SectionActions): HTMLElement {
  const a = (name: RunAction) => () => actions.action(name);
  const running = run.status === 'running';
  return h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Run actions' },
    running ? button('Stop', 'debug-stop', a('stop'), { title: 'Stop the run', primary: true }) : null,
    button('Compare...', 'diff-multiple', a('compare'), { title: 'Compare with other runs', primary: !running }),
    button('Reproduce', 'history', a('reproduce'), { title: 'Reproduce this run from its code snapshot' }),
    button('Rerun', 'debug-rerun', a('rerun'), { title: 'Rerun with the same params' }),
    overflowMenu(menuEntries(run, pinned, hasCommit), actions),
    h('span', { class: 'spacer' }),
    button('Delete', 'trash', a('delete'), { title: 'Delete the run (it goes to the trash)', id: 'delete-run' }),
  );
}

/** "started 5 m ago (07/12/2026, 14:03:12)": the relative time, then the local time; ISO on hover. */
function startedText(run: RunInfo): HTMLElement {
  const t = new Date(run.started);
  const local = Number.isNaN(t.getTime()) ? run.started : t.toLocaleString();
  return h('span', { class: 'muted', id: 'run-started', title: run.started },
    ` · started ${run.startedAgo || local}`, run.startedAgo ? ` (${local})` : null);
}

/** The toolbar's inputs as a key: the toolbar is rebuilt only when one of them changes. */
function toolbarKey(run: RunInfo, pinned: boolean, hasCommit: boolean): string {
  return JSON.stringify([run.status, run.starred, pinned, hasCommit]);
}

/**
 * Renders the header into `head`: name, status, command, error, tags, note, then the actions. The
 * text is redrawn every time; the toolbar only when what it offers changes, so a live run's
 * updates neither close an open menu nor move the keyboard focus.
 */
export function renderHeader(head: HTMLElement, run: RunInfo, pinned: boolean, hasCommit: boolean, actions: SectionActions): void {
  const statusIcon = icon(STATUS_ICONS[run.status] ?? 'circle', `status-${run.status}${run.status === 'running' ? ' codicon-modifier-spin' : ''}`);
  const info = h('header', { class: 'run-header' },
    h('h1', { id: 'run-name' }, run.starred ? h('span', { class: 'star', 'aria-label': 'starred' }, '★ ') : null, run.name),
    h('div', { class: 'status-line' },
      h('span', { class: `status status-${run.status}`, role: 'status' }, statusIcon, ' ', run.status),
      run.experiment ? h('span', {}, ' · experiment ', h('strong', {}, run.experiment)) : h('span', { class: 'muted' }, ' · ad-hoc command'),
      run.duration ? h('span', {}, ` · ${run.duration}`) : null,
      startedText(run),
      h('span', { class: 'muted' }, ' · ', h('code', { title: run.id }, run.id)),
    ),
    h('div', { class: 'command' }, h('code', { id: 'run-command' }, run.command)),
    run.error ? h('div', { class: 'error', role: 'alert' }, icon('error'), ' ', run.error) : null,
    run.reproducedFrom ? h('div', { class: 'muted' }, 'Reproduced from ', h('code', {}, run.reproducedFrom)) : null,
    run.tags.length > 0 ? h('div', { class: 'tags' }, ...run.tags.map((t) => h('span', { class: 'tag' }, t))) : null,
    run.note ? h('div', { class: 'note' }, icon('note'), ' ', run.note) : null,
  );
  const key = toolbarKey(run, pinned, hasCommit);
  const old = head.querySelector<HTMLElement>(':scope > .actions');
  const bar = old?.dataset.key === key ? old : toolbar(run, pinned, hasCommit, actions);
  bar.dataset.key = key;
  const oldInfo = head.querySelector(':scope > .run-header');
  if (oldInfo) oldInfo.replaceWith(info);
  else head.prepend(info);
  if (bar !== old) {
    if (old) old.replaceWith(bar);
    else head.append(bar);
  }
}
