// The log tail of the page: at most LOG_TAIL_LINES lines as text nodes in a <pre>, following the
// end while the user is at the bottom and staying put when they scrolled up to read.
import { h } from '../shared/dom';
import { LOG_TAIL_LINES } from '../../src/protocol/runDetail';

/** The log box; `reset` with the snapshot's tail, `append` with new lines. */
export class LogView {
  readonly element: HTMLElement;
  private readonly pre: HTMLElement;
  private readonly note: HTMLElement;
  private lines = 0;

  constructor() {
    this.note = h('p', { class: 'muted' });
    this.pre = h('pre', { id: 'log', class: 'log', tabindex: 0, role: 'log', 'aria-live': 'off', 'aria-label': 'Log tail' });
    this.element = h('div', {}, this.note, this.pre);
  }

  reset(lines: readonly string[], note: string, live: boolean): void {
    this.pre.replaceChildren();
    this.lines = 0;
    this.note.textContent = note || (lines.length === 0 ? (live ? 'No output yet.' : 'The run wrote no output.') : `The last ${LOG_TAIL_LINES} lines are kept here; "Log" opens the whole log.`);
    this.append(lines, true);
  }

  append(lines: readonly string[], force = false): void {
    if (lines.length === 0) return;
    const atEnd = force || this.pre.scrollTop + this.pre.clientHeight >= this.pre.scrollHeight - 4;
    const frag = document.createDocumentFragment();
    for (const line of lines.slice(-LOG_TAIL_LINES)) frag.append(h('div', { class: 'line' }, line || '\u00a0'));
    this.pre.append(frag);
    this.lines += Math.min(lines.length, LOG_TAIL_LINES);
    while (this.lines > LOG_TAIL_LINES && this.pre.firstChild) {
      this.pre.firstChild.remove();
      this.lines--;
    }
    if (atEnd) this.pre.scrollTop = this.pre.scrollHeight;
  }
}
