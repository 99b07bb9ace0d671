// Guesses a delimited file's delimiter and whether its first row is a header, from its first bytes
// (as Python's csv.Sniffer does, simplified): the delimiter that splits the first lines into the
// same number of fields, and a header when no field of the first row reads as a number.
import { MISSING, parseNumber } from './values';

/** Candidates in order of preference on a tie. */
const DELIMITERS = [',', '\t', ';', '|'] as const;
const SAMPLE_LINES = 20;

/** What the sniffer decided. */
export interface Dialect {
  readonly delimiter: string;
  readonly header: boolean;
}

/** Splits one line on `delim`, honouring double quotes (enough to count and read sample fields). */
export function splitLine(line: string, delim: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delim) { out.push(field); field = ''; } else field += c;
  }
  out.push(field);
  return out;
}

/** The dialect of a file whose first bytes are `head`; `ext` (".tsv", ".csv") breaks ties. */
export function sniffDialect(head: string, ext: string): Dialect {
  // The last line of the sample may be cut short: drop it unless it is the only one.
  const all = head.split(/\r?\n/).filter((l) => l.length > 0);
  const lines = (all.length > 1 && !head.endsWith('\n') ? all.slice(0, -1) : all).slice(0, SAMPLE_LINES);
  const preferred = ext === '.tsv' || ext === '.tab' ? '\t' : ',';
  let best: { delimiter: string; score: number } = { delimiter: preferred, score: 0 };
  for (const d of [preferred, ...DELIMITERS.filter((x) => x !== preferred)]) {
    const counts = lines.map((l) => splitLine(l, d).length);
    const first = counts[0] ?? 1;
    if (first < 2) continue;
    // Score: lines agreeing with the first line's field count, weighted by that count.
    const agree = counts.filter((c) => c === first).length;
    const score = agree * 1000 + first;
    if (score > best.score) best = { delimiter: d, score };
  }
  const firstRow = lines[0] === undefined ? [] : splitLine(lines[0], best.delimiter);
  const header = firstRow.length > 0 && firstRow.every((f) => !MISSING.has(f.trim()) && !Number.isFinite(parseNumber(f)));
  return { delimiter: best.delimiter, header };
}
