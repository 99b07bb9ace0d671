// The per-column table of the Data Shift page: sortable headers and a name/verdict filter. The page
// never sorts or filters itself: it asks the host, which applies core's rules and answers with the
// order of the rows; this module only draws them. Every name is a text node.
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import { type DataShiftColumn, type DataShiftQuery, type DataShiftSortKey, type DataShiftVerdictFilter } from '../../src/protocol/dataShift';
import { h, icon, replaceChildren } from '../shared/dom';

/** The headers: label, sort key, numeric (right-aligned), tooltip. */
const HEADERS: readonly (readonly [string, DataShiftSortKey | undefined, boolean, string])[] = [
  ['column', 'name', false, 'Column name'],
  ['type', 'type', false, 'Inferred type'],
  ['test', 'test', false, 'Test or distance used (Evidently\'s default choice)'],
  ['statistic', 'statistic', true, 'KS D, chi-squared statistic, or the distance'],
  ['p-value', 'pValue', true, 'p-value of a test (KS, chi-squared)'],
  ['drift when', 'threshold', true, 'The column drifts when the p-value is below, or the distance at least, this'],
  ['n ref / cur', 'samples', true, 'Non-missing values on each side (sorted by the smaller)'],
  ['effect size', 'effect', true, 'A size of the difference that does not grow with the sample'],
  ['PSI', 'psi', true, 'Population stability index (< 0.1 stable, > 0.25 large shift)'],
  ['missing', undefined, true, 'Share of missing values: reference → current'],
  ['verdict', 'verdict', false, 'Drifted, stable, or not tested'],
];

const VERDICTS: readonly [DataShiftVerdictFilter, string][] = [['all', 'all columns'], ['drifted', 'drifted'], ['stable', 'stable'], ['untested', 'not tested']];

/** The filters and the table; `ask` sends a new query, `reveal` scrolls to a column's chart. */
export class ColumnTable {
  readonly element: HTMLElement;
  private readonly text: HTMLElement & { value: string };
  private readonly verdict: HTMLElement & { value: string };
  private readonly head: HTMLElement;
  private readonly body: HTMLElement;
  private readonly count: HTMLElement;
  private query: DataShiftQuery | undefined;
  private timer: number | undefined;

  constructor(private readonly ask: (q: DataShiftQuery) => void, private readonly reveal: (index: number) => void) {
    this.text = h('vscode-textfield', { id: 'column-filter', placeholder: 'Filter columns by name', 'aria-label': 'Filter columns by name' });
    this.text.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.send({ text: this.text.value }), 200);
    });
    this.verdict = h('vscode-single-select', { id: 'verdict-filter', 'aria-label': 'Show columns by verdict' },
      ...VERDICTS.map(([v, label]) => h('vscode-option', { value: v }, label)));
    this.verdict.addEventListener('change', () => this.send({ verdict: this.verdict.value as DataShiftVerdictFilter }));
    this.head = h('tr');
    this.body = h('tbody');
    this.count = h('span', { class: 'muted', id: 'column-count' });
    this.element = h('div', {},
      h('div', { class: 'filters' }, this.text, this.verdict, this.count),
      h('div', { class: 'table-wrap' }, h('table', { id: 'columns', 'aria-label': 'Drift per column' }, h('thead', {}, this.head), this.body)));
  }

  private send(patch: Partial<DataShiftQuery>): void {
    if (this.query) this.ask({ ...this.query, ...patch });
  }

  private header(q: DataShiftQuery): void {
    replaceChildren(this.head, ...HEADERS.map(([label, key, num, title]) => {
      const active = key !== undefined && q.sort === key;
      const sort = active ? (q.descending ? 'descending' : 'ascending') : 'none';
      const content = key === undefined ? label : h('button', {
        class: 'sort-button', title: `${title}. Click to sort.`, 'data-sort': key,
        onclick: () => this.send({ sort: key, descending: active ? !q.descending : key !== 'name' && key !== 'type' && key !== 'test' }),
      }, label, active ? icon(q.descending ? 'arrow-down' : 'arrow-up') : null);
      return h('th', { class: num ? 'num' : '', 'aria-sort': key === undefined ? undefined : sort, title: key === undefined ? title : undefined }, content);
    }));
  }

  /** Draws the rows of `columns` at `order`, as `query` sorted and filtered them. */
  render(columns: readonly DataShiftColumn[], query: DataShiftQuery, order: readonly number[]): void {
    this.query = query;
    if (this.text.value !== query.text) this.text.value = query.text;
    if (this.verdict.value !== query.verdict) this.verdict.value = query.verdict;
    this.header(query);
    this.count.textContent = `${order.length} of ${columns.length} tested column${columns.length === 1 ? '' : 's'}`;
    replaceChildren(this.body, ...order.map((i) => {
      const c = columns[i] as DataShiftColumn;
      return h('tr', { 'data-column': c.name, onclick: () => this.reveal(i), title: c.note ?? `Show the distribution of ${c.name}` },
        h('td', { class: 'name' }, c.name),
        h('td', {}, c.type),
        h('td', {}, c.test),
        h('td', { class: 'num' }, c.statistic, c.exact ? '' : h('span', { class: 'approx', title: 'From the sketches, within the tolerance of docs/data-shift.md' }, ' ~')),
        h('td', { class: 'num' }, c.pValue ?? ''),
        h('td', { class: 'num' }, c.threshold),
        h('td', { class: 'num' }, `${c.nReference} / ${c.nCurrent}`),
        h('td', { class: 'num', title: c.effect.name }, c.effect.value === '' ? '' : `${c.effect.value} (${c.effect.name})`),
        h('td', { class: 'num' }, c.psi),
        h('td', { class: 'num' }, `${c.missing.reference} → ${c.missing.current}`),
        h('td', {}, h('span', { class: `verdict verdict-${c.verdict}` }, c.verdict === 'untested' ? 'not tested' : c.verdict)));
    }));
  }
}
