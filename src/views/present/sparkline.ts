// Text sparklines (▁▂▃▄▅▆▇█) for a metric's history: they fit in a tree row's description or a
// terminal column, follow the theme's text colour, and cost nothing to render.

const BARS = '▁▂▃▄▅▆▇█';
/** Shown for a NaN or infinite value, so a diverging run is visible in its sparkline. */
const NON_FINITE_MARK = '×';

/**
 * Renders `values` as at most `width` bar characters, scaled between the finite minimum and
 * maximum. Longer inputs are reduced by taking the last value of each bucket (what a user reads as
 * "where it was at that point"). Returns '' for no values.
 */
export function sparkline(values: ArrayLike<number>, width = 16): string {
  const n = values.length;
  if (n === 0 || width <= 0) return '';
  const cols = Math.min(width, n);
  const picked: number[] = [];
  for (let c = 0; c < cols; c++) {
    const end = Math.floor(((c + 1) * n) / cols) - 1;
    picked.push(values[end] ?? NaN);
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of picked) {
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const span = max - min;
  return picked
    .map((v) => {
      if (!Number.isFinite(v)) return NON_FINITE_MARK;
      if (span === 0) return BARS[3];
      const level = Math.round(((v - min) / span) * (BARS.length - 1));
      return BARS[level];
    })
    .join('');
}
