// Terminal output for the CLI: colour only on a TTY without NO_COLOR, aligned tables that never
// truncate data a script might grep, JSON for `--json`, and errors in one recognisable form.
import { type RunStatus } from '../core/model';
import { formatDuration as coreFormatDuration, formatMetric, runDuration } from '../core/present/format';

/** Where and how the CLI prints. Commands receive one, so tests can capture it. */
export interface Output {
  readonly color: boolean;
  readonly tty: boolean;
  out(text: string): void;
  err(text: string): void;
}

/**
 * Output to the process's own streams; colour per the TTY and NO_COLOR / --no-color. Everything
 * printed passes through {@link terminalSafe}, so no run data (names, notes, tags, metric names,
 * params, messages) can send the terminal an escape sequence.
 */
export function processOutput(noColorFlag: boolean): Output {
  const tty = process.stdout.isTTY === true;
  const color = tty && !noColorFlag && !('NO_COLOR' in process.env && process.env.NO_COLOR !== '');
  const line = (text: string): string => terminalSafe(text.endsWith('\n') ? text : `${text}\n`, color);
  return {
    color,
    tty,
    out: (text) => process.stdout.write(line(text)),
    err: (text) => process.stderr.write(line(text)),
  };
}

// C0 controls but line feed and tab, DEL, and C1 controls (U+009B is a one-character CSI).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// The only escape sequences the CLI itself prints through Output: paint's styles and its reset.
const OWN_STYLE = /\u001b\[(?:0|1|2|3[1-6]|90)m/g;

/**
 * `text` with every control character but line feed and tab written as `\uXXXX` (visible, and the
 * same character once parsed when it sits inside a JSON string): run data cannot retitle the
 * window, clear the screen or plant a link. With `keepStyles`, the colour codes {@link paint}
 * emits survive; a run's data could at most repeat one of those colours.
 */
export function terminalSafe(text: string, keepStyles = false): string {
  const escape = (s: string): string => s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (!keepStyles) return escape(text);
  let out = '';
  let at = 0;
  for (const m of text.matchAll(OWN_STYLE)) {
    out += escape(text.slice(at, m.index)) + m[0];
    at = m.index + m[0].length;
  }
  return out + escape(text.slice(at));
}

const CODES = { bold: 1, dim: 2, red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90 } as const;
/** A colour or style name. */
export type Style = keyof typeof CODES;

/** Wraps `text` in an ANSI style when colour is on. */
export function paint(o: Output, style: Style, text: string): string {
  return o.color ? `\x1b[${CODES[style]}m${text}\x1b[0m` : text;
}

/** The colour a status is shown in. */
export function statusStyle(status: RunStatus): Style {
  switch (status) {
    case 'finished': return 'green';
    case 'running': return 'cyan';
    case 'queued': return 'blue';
    case 'stopped': return 'yellow';
    case 'failed': return 'red';
    case 'crashed': return 'magenta';
  }
}

/** Prints `value` as pretty JSON (two-space indent), the stable machine-readable form. */
export function printJson(o: Output, value: unknown): void {
  o.out(JSON.stringify(value, jsonReplacer, 2));
}

/**
 * Prints an array exactly as {@link printJson} would, element by element in chunks, so a listing of
 * 100,000 runs never builds one giant string.
 */
export function printJsonArray(o: Output, items: readonly unknown[]): void {
  if (items.length === 0) return o.out('[]');
  let chunk = '[\n';
  for (const [i, item] of items.entries()) {
    const last = i === items.length - 1;
    chunk += `  ${JSON.stringify(item, jsonReplacer, 2).replace(/\n/g, '\n  ')}${last ? '\n]' : ','}\n`;
    if (chunk.length >= 1 << 20 || last) {
      o.out(chunk);
      chunk = '';
    }
  }
}

/** JSON has no NaN/Infinity: encode them as the strings the metrics file protocol uses. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  }
  return value;
}

/** Visible width of a string (ANSI escapes do not count). */
function width(s: string): number {
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}

/** Formats rows as left-aligned columns separated by two spaces; the header is dimmed. */
export function table(o: Output, header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, width(r[i] ?? '')), width(h)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - width(c)))).join('  ').trimEnd();
  return [paint(o, 'dim', line(header)), ...rows.map(line)].join('\n');
}

/** A metric value for tables: core's formatter with 6 significant digits; "-" when absent. */
export function formatNumber(v: number | null | undefined): string {
  return v === null || v === undefined ? '-' : formatMetric(v, 6);
}

/** A param value for humans (strings unquoted, null as "-"). */
export function formatParam(v: unknown): string {
  if (v === undefined || v === null) return '-';
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** Duration between two ISO times (or until now) with core's formatter ("42 s", "3 m 05 s"); "-" when unknown. */
export function formatDuration(startIso: string | null, endIso: string | null, now = Date.now()): string {
  const ms = runDuration({ startedAt: startIso, endedAt: endIso }, now);
  return (ms === undefined ? '' : coreFormatDuration(ms)) || '-';
}

/** Local date and time of an ISO timestamp, to the minute ("2024-05-01 14:03"). */
export function formatTime(iso: string | null): string {
  if (!iso) return '-';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '-';
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
