// The params line users edit before a run: `lr=0.01,0.1 epochs=10 name="my model"`. One value runs
// once; comma-separated values make a sweep grid. Parsed with the same typing rules as `-p`.
import { type ParamValue } from '../model';
import { formatParamValue, parseParamAssignment } from '../config/params';
import { own, setOwn } from '../dict';

/** One `name=value[,value...]` entry as typed: the name and each value's text. */
export interface ParamsEntry {
  readonly name: string;
  readonly values: readonly string[];
}

/** A params line, understood: fixed params, swept params, and the CLI arguments that say the same. */
export interface ParsedParamsLine {
  /** Every param with one value, typed like its default. */
  readonly params: Record<string, ParamValue>;
  /** Params with several values, typed, in the order typed. Empty: a single run. */
  readonly grid: Record<string, ParamValue[]>;
  /** `name=value` for each single-valued param (for `-p`). */
  readonly assignments: string[];
  /** `name=v1,v2` for each swept param (for `--grid`). */
  readonly gridArgs: string[];
  /** How many runs this line asks for. */
  readonly runCount: number;
}

/** Splits the line into entries: whitespace separates, commas separate values, quotes group. */
export function splitParamsLine(line: string): ParamsEntry[] {
  const words: string[][] = [];
  let values: string[] = [];
  let current = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord) words.push([...values, current]);
    values = [];
    current = '';
    inWord = false;
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (/\s/.test(c)) {
      endWord();
    } else if (c === '"' || c === "'") {
      const end = line.indexOf(c, i + 1);
      if (end === -1) throw new Error(`unterminated ${c} quote at column ${i + 1}`);
      current += line.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === ',' && (values.length > 0 || current.includes('='))) {
      values.push(current);
      current = '';
    } else {
      current += c;
      inWord = true;
    }
  }
  endWord();
  return words.map((parts) => {
    const [first = '', ...more] = parts;
    const eq = first.indexOf('=');
    if (eq <= 0) throw new Error(`expected name=value, got ${JSON.stringify(parts.join(','))}`);
    return { name: first.slice(0, eq), values: [first.slice(eq + 1), ...more] };
  });
}

/**
 * Parses a params line against an experiment's defaults. Throws an Error with a message fit to
 * show under the input: malformed entries, unknown names, values of the wrong type, a swept
 * value containing a comma (the CLI's `--grid` splits on commas).
 */
export function parseParamsLine(line: string, defaults: Readonly<Record<string, ParamValue>>): ParsedParamsLine {
  const params: Record<string, ParamValue> = {};
  const grid: Record<string, ParamValue[]> = {};
  const assignments: string[] = [];
  const gridArgs: string[] = [];
  for (const entry of splitParamsLine(line)) {
    if (!Object.prototype.hasOwnProperty.call(defaults, entry.name)) {
      const known = Object.keys(defaults);
      throw new Error(`unknown param "${entry.name}"; ${known.length > 0 ? `params: ${known.join(', ')}` : 'the experiment declares none'}`);
    }
    // An empty value for a null default stays null (the prefilled line shows null as "").
    const typed = entry.values.map((v) => (v === '' && own(defaults, entry.name) === null ? null : parseParamAssignment(`${entry.name}=${v}`, defaults)[1]));
    delete params[entry.name];
    delete grid[entry.name];
    if (typed.length === 1) {
      setOwn(params, entry.name, typed[0] ?? null);
      assignments.push(`${entry.name}=${entry.values[0] ?? ''}`);
    } else {
      if (entry.values.some((v) => v.includes(','))) throw new Error(`a swept value of "${entry.name}" contains a comma; sweep it from runlens.yaml instead`);
      setOwn(grid, entry.name, typed);
      gridArgs.push(`${entry.name}=${entry.values.join(',')}`);
    }
  }
  const runCount = Object.values(grid).reduce((n, values) => n * values.length, 1);
  return { params, grid, assignments, gridArgs, runCount };
}

/** Quotes a value for the params line when it would not read back as itself. */
function quoteValue(text: string): string {
  return text === '' || /[\s,"']/.test(text) ? (text.includes('"') ? `'${text}'` : `"${text}"`) : text;
}

/**
 * The line to prefill: every default as `name=value`, with a sweep's values comma-separated in
 * place of the default when `sweep` is given.
 */
export function formatParamsLine(
  defaults: Readonly<Record<string, ParamValue>>,
  sweep?: Readonly<Record<string, readonly ParamValue[]>>,
): string {
  return Object.entries(defaults).map(([name, value]) => {
    const values = sweep?.[name] ?? [value];
    return `${name}=${values.map((v) => quoteValue(formatParamValue(v))).join(',')}`;
  }).join(' ');
}

/** Parses one `--grid name=v1,v2,...` option of the CLI into typed values. */
export function parseGridOption(text: string, defaults: Readonly<Record<string, ParamValue>>): [string, ParamValue[]] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(`expected name=value1,value2,..., got ${JSON.stringify(text)}`);
  const name = text.slice(0, eq);
  const values = text.slice(eq + 1).split(',').map((v) => parseParamAssignment(`${name}=${v}`, defaults)[1]);
  return [name, values];
}
