// Markdown tables for hovers that read well both where the client renders Markdown (VS Code draws
// cells with no padding, and centres a header without an explicit alignment) and where it shows
// the text as it is (Neovim, Helix): every column aligned explicitly, cells padded to the column's
// width, and, for a rendering client, a gutter of non-breaking spaces between columns.
/** How a column's cells line up. */
export type Align = 'left' | 'right';

/** One column: its header (already escaped Markdown) and alignment. */
export interface Column {
  readonly head: string;
  readonly align: Align;
}

/** Non-breaking spaces before every column but the first, when the client renders the table. */
const GUTTER = '&nbsp;&nbsp;&nbsp;';

/**
 * The lines of a Markdown table of `rows` (cells already escaped). `rendered`: the client renders
 * Markdown to HTML (it declared `general.markdown`), so columns get a visible gutter; otherwise the
 * padding of the raw text is what lines the columns up.
 */
export function markdownTable(columns: readonly Column[], rows: readonly (readonly string[])[], rendered: boolean): string[] {
  const cell = (text: string, i: number): string => (rendered && i > 0 ? `${GUTTER}${text}` : text);
  const widths = columns.map((c, i) => Math.max(3, width(cell(c.head, i)), ...rows.map((r) => width(cell(r[i] ?? '', i)))));
  const pad = (text: string, i: number): string => {
    const fill = ' '.repeat(Math.max(0, (widths[i] ?? 0) - width(text)));
    return columns[i]?.align === 'right' ? fill + text : text + fill;
  };
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => pad(cell(c, i), i)).join(' | ')} |`;
  const rule = columns.map((c, i) => {
    const dashes = '-'.repeat((widths[i] ?? 3) - 1);
    return c.align === 'right' ? `${dashes}:` : `:${dashes}`;
  });
  return [line(columns.map((c) => c.head)), `| ${rule.join(' | ')} |`, ...rows.map(line)];
}

/** Characters as a terminal shows them (code points, not UTF-16 units). */
function width(text: string): number {
  return [...text].length;
}
