// CSV of what the Runs Table shows: the visible columns (by their labels) and the rows the current
// filter and sort show, as the cells read. RFC 4180 quoting; a leading =, +, - or @ is defused so a
// spreadsheet never runs a formula that came from a run's name or params.
import { type TableColumn } from '../../protocol/runsTable';

/** One CSV field: quoted when it holds a comma, quote or line break; formula starts defused. */
export function csvField(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The table as CSV: a header line of column labels (a metric's with its summary), then one line per row. */
export function tableCsv(columns: readonly TableColumn[], rows: readonly (readonly string[])[]): string {
  const header = columns.map((c) => csvField(c.aggregate && c.aggregate !== 'last' ? `${c.label} (${c.aggregate})` : c.label));
  return [header.join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\r\n') + '\r\n';
}
