// Text sparklines for a metric's history: they fit in a tree row's description or a terminal
// column, follow the theme's text colour, and cost nothing to render. Two styles: solid bars
// (▁▂▃▄▅▆▇█) and a lighter dotted line in Braille cells (two values per cell, half the width).

const BARS = '▁▂▃▄▅▆▇█';
/** Shown for a NaN or infinite value, so a diverging run is visible in its sparkline. */
const NON_FINITE_MARK = '×';
/** Braille dot bits of one cell's left and right column, bottom (level 0) to top (level 3). */
const DOT_BITS = [[0x40, 0x04, 0x02, 0x01], [0x80, 0x20, 0x10, 0x08]] as const;
const BRAILLE_BLANK = 0x2800;

/** `bars`: one solid bar per value; `dots`: one dot per value, two values per character. */
export type SparkStyle = 'bars' | 'dots';

/** The last value of each of `cols` equal buckets of `values` ("where it was at that point"). */
function pick(values: ArrayLike<number>, cols: number): number[] {
  const n = values.length;
  const picked: number[] = [];
  for (let c = 0; c < cols; c++) picked.push(values[Math.floor(((c + 1) * n) / cols) - 1] ?? NaN);
  return picked;
}

/** Each value's level in 0..levels-1 between the finite min and max (the middle-low one when flat); -1 for non-finite. */
function levels(picked: number[], count: number): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of picked) {
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const span = max - min;
  return picked.map((v) => {
    if (!Number.isFinite(v)) return -1;
    if (span === 0) return Math.floor((count - 1) / 2);
    return Math.round(((v - min) / span) * (count - 1));
  });
}

/**
 * Renders `values` as at most `width` characters, scaled between the finite minimum and maximum.
 * Longer inputs are reduced by taking the last value of each bucket. `dots` draws up to 2 × `width`
 * values on four levels; a cell holding a non-finite value shows ×. Returns '' for no values.
 */
export function sparkline(values: ArrayLike<number>, width = 16, style: SparkStyle = 'bars'): string {
  const n = values.length;
  if (n === 0 || width <= 0) return '';
  if (style === 'bars') {
    return levels(pick(values, Math.min(width, n)), BARS.length).map((l) => (l < 0 ? NON_FINITE_MARK : BARS[l])).join('');
  }
  const lv = levels(pick(values, Math.min(2 * width, n)), 4);
  let out = '';
  for (let i = 0; i < lv.length; i += 2) {
    const pair = lv.slice(i, i + 2);
    if (pair.some((l) => l < 0)) {
      out += NON_FINITE_MARK;
      continue;
    }
    // A lone last value fills both columns so the line does not end in half a cell.
    const [left = 0, right = left] = pair;
    out += String.fromCharCode(BRAILLE_BLANK | DOT_BITS[0][left]! | DOT_BITS[1][right]!);
  }
  return out;
}
