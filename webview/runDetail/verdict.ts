// Run Detail's Reproduction section: the lasting form of the verdict a reproduction's notification
// showed once. On a reproduction: its verdict; on an original: that of its newest judged
// reproduction. Each metric compared with its tolerance, the outputs' hashes, the deviations.
import './verdict.css';
import { h, icon } from '../shared/dom';
import { type ReproductionInfo } from '../../src/protocol/reproduction';

/** The section's heading, with the verdict in it so a collapsed section still says it. */
export function verdictHeading(info: ReproductionInfo): string {
  if (info.verdict === null) return 'Reproduction (no verdict yet)';
  const mark = info.verdict === 'reproduced' ? '✓' : '✗';
  return `Reproduction ${mark} ${info.verdict}`;
}

function verdictLine(info: ReproductionInfo): HTMLElement {
  const ok = info.verdict === 'reproduced';
  const cls = info.verdict === null ? 'verdict pending' : ok ? 'verdict ok' : 'verdict bad';
  const glyph = info.verdict === null ? icon('clock') : icon(ok ? 'pass' : 'error');
  const who = info.role === 'reproduction'
    ? h('span', {}, 'This run reproduces ', h('strong', { id: 'verdict-original' }, info.original.name), ' ', h('code', { class: 'muted' }, info.original.id), '.')
    : h('span', {}, `Reproduced ${info.count === 1 ? 'once' : `${info.count} times`}; the newest reproduction is `,
      h('strong', { id: 'verdict-reproduction' }, info.reproduction.name), ' ', h('code', { class: 'muted' }, info.reproduction.id), '.');
  return h('div', {},
    h('p', { class: cls, id: 'verdict-headline', role: 'status' }, glyph, ' ', info.headline),
    h('p', {}, who));
}

function metricRows(info: ReproductionInfo): HTMLElement | null {
  if (info.metrics.length === 0) return null;
  return h('table', { id: 'verdict-metrics', 'aria-label': 'Metrics compared' },
    h('thead', {}, h('tr', {}, ...['', 'metric', 'original (final · min · max)', 'reproduction (final · min · max)', 'tolerance', 'difference'].map((c) => h('th', {}, c)))),
    h('tbody', {}, ...info.metrics.map((m) => h('tr', { class: m.same ? '' : 'differs' },
      h('td', { 'aria-label': m.same ? 'same' : 'differs' }, icon(m.same ? 'check' : 'close', m.same ? 'same' : 'differs')),
      h('td', {}, m.name), h('td', { class: 'num' }, m.original), h('td', { class: 'num' }, m.reproduced),
      h('td', {}, m.tolerance), h('td', {}, m.detail)))));
}

function hash(v: string | null): HTMLElement | string {
  return v === null ? '–' : h('code', { title: v }, v.slice(0, 12));
}

function outputRows(info: ReproductionInfo): HTMLElement | null {
  if (info.outputs.length === 0) return null;
  return h('table', { id: 'verdict-outputs', 'aria-label': 'Outputs compared' },
    h('thead', {}, h('tr', {}, ...['', 'output', 'original hash', 'reproduction hash'].map((c) => h('th', {}, c)))),
    h('tbody', {}, ...info.outputs.map((o) => h('tr', { class: o.same === false ? 'differs' : '' },
      h('td', { 'aria-label': o.same === null ? 'not compared' : o.same ? 'same' : 'differs' },
        o.same === null ? '–' : icon(o.same ? 'check' : 'close', o.same ? 'same' : 'differs')),
      h('td', {}, h('code', {}, o.spec)), h('td', {}, hash(o.original)), h('td', {}, hash(o.reproduced))))));
}

/** The section body. */
export function verdictSection(info: ReproductionInfo): HTMLElement {
  return h('div', { id: 'verdict' },
    verdictLine(info),
    metricRows(info),
    outputRows(info),
    info.datasets ? h('p', {}, 'Datasets: ', info.datasets) : null,
    info.deviations.length > 0 ? h('h3', {}, 'Deviations') : null,
    info.deviations.length > 0 ? h('ul', { id: 'verdict-deviations' }, ...info.deviations.map((d) => h('li', { class: 'warning' }, icon('warning'), ' ', d))) : null,
    info.reasons.length > 0 ? h('h3', {}, 'Why it diverged') : null,
    info.reasons.length > 0 ? h('ul', { id: 'verdict-reasons' }, ...info.reasons.map((r) => h('li', {}, r))) : null,
  );
}
