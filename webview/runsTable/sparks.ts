// Sparklines in metric cells, on demand: the page asks the host for the series of the rows in view
// only (once per run and column, again after the run changed), keeps what came, and draws each as
// an inline SVG polyline coloured by the theme. Values are numbers; nothing of run data is markup.
import { type SparkSeries } from '../../src/protocol/runsTable';

const SVG = 'http://www.w3.org/2000/svg';
/** The drawing's size in px (the cell's text keeps the rest of the width). */
export const SPARK_WIDTH = 48;
const SPARK_HEIGHT = 14;

/** The page's sparkline series, by column and run. */
export class Sparks {
  private readonly series = new Map<string, Map<string, readonly number[]>>();
  /** Asked for and not yet answered (or answered and since changed), by column. */
  private readonly pending = new Map<string, Set<string>>();
  private readonly wanted = new Map<string, Set<string>>();
  private readonly stale = new Set<string>();

  /** @param request asks the host for the series of `ids` in metric column `column` */
  constructor(private readonly request: (column: string, ids: string[]) => void) {}

  /** The series of a run in a column, or undefined while unknown (it is then asked for at the next flush). */
  get(column: string, id: string): readonly number[] | undefined {
    const known = this.series.get(column)?.get(id);
    const asked = this.pending.get(column)?.has(id) ?? false;
    if ((known === undefined || this.stale.has(id)) && !asked) {
      let set = this.wanted.get(column);
      if (!set) this.wanted.set(column, (set = new Set<string>()));
      set.add(id);
    }
    return known;
  }

  /** Sends what the last render wanted, one request per column. */
  flush(): void {
    for (const [column, ids] of this.wanted) {
      let pending = this.pending.get(column);
      if (!pending) this.pending.set(column, (pending = new Set<string>()));
      for (const id of ids) pending.add(id);
      this.request(column, [...ids]);
    }
    this.wanted.clear();
  }

  /** Takes in the host's answer. */
  receive(column: string, series: readonly SparkSeries[]): void {
    let known = this.series.get(column);
    if (!known) this.series.set(column, (known = new Map<string, readonly number[]>()));
    for (const s of series) {
      known.set(s.id, s.values);
      this.pending.get(column)?.delete(s.id);
      this.stale.delete(s.id);
    }
  }

  /** Runs whose values changed: drawn as they were until their new series comes. */
  invalidate(ids: Iterable<string>): void {
    for (const id of ids) {
      this.stale.add(id);
      for (const pending of this.pending.values()) pending.delete(id);
    }
  }
}

/** An SVG polyline of `values` scaled to its box (null for fewer than two points). */
export function sparkSvg(values: readonly number[]): SVGSVGElement | null {
  if (values.length < 2) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min || 1;
  const step = SPARK_WIDTH / (values.length - 1);
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(SPARK_HEIGHT - 1 - ((v - min) / span) * (SPARK_HEIGHT - 2)).toFixed(1)}`).join(' ');
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('width', String(SPARK_WIDTH));
  svg.setAttribute('height', String(SPARK_HEIGHT));
  svg.setAttribute('viewBox', `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`);
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', points);
  svg.appendChild(line);
  return svg;
}
