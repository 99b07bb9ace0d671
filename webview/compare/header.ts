// The header of the Compare view: a chip per run (its colour, name and status) with buttons to make
// it the baseline or remove it, and an "Add Runs" button. Names are text nodes, never markup.
import { h, icon, replaceChildren } from '../shared/dom';
import { type CompareModel } from './model';
import { reproductionBadge } from './reproductionBadge';

/** What the header asks the page to do. */
export interface HeaderActions {
  setBaseline(id: string): void;
  remove(id: string): void;
  add(): void;
}

const STATUS_ICONS: Record<string, string> = {
  running: 'loading codicon-modifier-spin', queued: 'clock', finished: 'pass', failed: 'error', stopped: 'debug-stop', crashed: 'warning',
};

/** Draws the chips of `model`'s runs into `root`. */
export function renderHeader(root: HTMLElement, model: CompareModel, actions: HeaderActions): void {
  const base = model.baseline()?.id;
  const chips = model.runs.map((run) => {
    const isBase = run.id === base;
    const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.background = run.color;
    return h('li', { class: `chip${isBase ? ' baseline' : ''}`, 'data-run': run.id, title: `${run.name} (${run.id}) · ${run.status}${run.experiment ? ` · ${run.experiment}` : ''}` },
      swatch,
      icon(STATUS_ICONS[run.status] ?? 'circle-outline', `status status-${run.status}`),
      h('span', { class: 'chip-name' }, run.name),
      isBase ? h('span', { class: 'chip-tag' }, 'baseline') : null,
      reproductionBadge(run.reproduces),
      h('button', {
        class: 'icon-button', type: 'button', 'aria-pressed': isBase ? 'true' : 'false',
        'aria-label': isBase ? `${run.name} is the baseline` : `Make ${run.name} the baseline`, title: isBase ? 'The baseline' : 'Make this run the baseline',
        onclick: () => actions.setBaseline(run.id),
      }, icon(isBase ? 'pinned' : 'pin')),
      h('button', {
        class: 'icon-button', type: 'button', 'aria-label': `Remove ${run.name} from the comparison`, title: 'Remove from the comparison',
        disabled: model.runs.length <= 1, onclick: () => actions.remove(run.id),
      }, icon('close')),
    );
  });
  const add = h('vscode-button', { secondary: true, 'aria-label': 'Add runs to the comparison', onclick: () => actions.add() }, icon('add'), ' Add Runs');
  replaceChildren(root,
    h('ul', { class: 'chips', 'aria-label': `${model.runs.length} compared runs` }, ...chips),
    h('div', { class: 'chip-actions' }, add),
  );
}
