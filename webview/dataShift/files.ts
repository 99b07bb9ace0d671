// The per-file section of the Data Shift page for a monitor over several files: which files shifted,
// each with its own verdict, row count and drifted columns (test, statistic or p-value, both sample
// sizes and the effect size). The host builds the text; this only draws it, as text nodes.
import { type DataShiftFile } from '../../src/protocol/dataShift';
import { h, icon } from '../shared/dom';

type DriftedColumn = DataShiftFile['drifted'][number];

/** "x1: KS 0.366, p 9.449e-17, n 300/250, effect KS D 0.366". */
function columnLine(c: DriftedColumn): HTMLElement {
  const value = c.pValue === undefined ? c.statistic : `${c.statistic}, p ${c.pValue}`;
  return h('li', {}, h('code', {}, c.name), `: ${c.test} ${value}, n ${c.nReference}/${c.nCurrent}, ${c.effect.name} ${c.effect.value}`);
}

/** The section: a heading and one row per file (shifted ones say so first in their row). */
export function filesSection(files: readonly DataShiftFile[]): HTMLElement[] {
  const shifted = files.filter((f) => f.shifted).length;
  const rows = files.map((f) => h('tr', { class: f.shifted ? 'file-shifted' : 'file-stable' },
    h('td', { class: 'name' }, f.path),
    h('td', { class: `verdict verdict-${f.shifted ? 'drifted' : 'stable'}` }, icon(f.shifted ? 'warning' : 'pass'), f.shifted ? ' shifted' : ' no shift'),
    h('td', { class: 'num' }, String(f.rows)),
    h('td', {}, h('div', { class: 'muted' }, f.summary), ...(f.drifted.length > 0 ? [h('ul', { class: 'drifted-columns' }, ...f.drifted.map(columnLine))] : []))));
  return [
    h('h2', {}, `Files: ${shifted} of ${files.length} shifted`),
    h('p', { class: 'muted' }, 'Each file against the reference on its own; the verdict above is on the files together.'),
    h('div', { class: 'table-wrap' }, h('table', { id: 'files' },
      h('thead', {}, h('tr', {}, h('th', {}, 'file'), h('th', {}, 'verdict'), h('th', { class: 'num' }, 'rows'), h('th', {}, 'drifted columns (test, n ref/cur, effect size)'))),
      h('tbody', {}, ...rows))),
  ];
}
