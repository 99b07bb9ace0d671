// A small, strict command-line parser for `runlens`: long and short options, `--opt=value`,
// repeatable options and a `--` separator. Hand-rolled (no dependency) so errors can name the
// command and suggest the closest option.
import { UsageError } from './errors';

/** Declares one option of a command. */
export interface OptionSpec {
  /** Long name without dashes, e.g. `status` for `--status`. */
  readonly name: string;
  /** One-letter alias without the dash, e.g. `p` for `-p`. */
  readonly short?: string;
  /** `boolean` options take no value; `string` options take exactly one. */
  readonly type: 'boolean' | 'string';
  /** Repeatable: every occurrence is kept, in order. */
  readonly multiple?: boolean;
  /** Placeholder shown in help, e.g. `KEY=VALUE`. */
  readonly value?: string;
  readonly help: string;
}

/** What the parser found: option values by long name, positionals, and words after `--`. */
export interface ParsedArgs {
  readonly options: ReadonlyMap<string, string | boolean | string[]>;
  readonly positionals: readonly string[];
  /** Everything after the first `--`, untouched; null when there was no `--`. */
  readonly rest: readonly string[] | null;
}

/** Options every command accepts. */
export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  { name: 'workspace', type: 'string', value: 'DIR', help: 'use DIR as the workspace instead of searching upwards for runlens.yaml or .runlens' },
  { name: 'no-color', type: 'boolean', help: 'never colour the output (also: NO_COLOR=1)' },
  { name: 'help', short: 'h', type: 'boolean', help: 'show help for the command' },
];

/**
 * Moves global options written before the command (`runlens --no-color ls`, `runlens --workspace
 * DIR ls`) to just after it, so they are parsed like those written anywhere else. Words after the
 * first non-option word (the command) are untouched, so a run's own `--` and argv stay as they are.
 * With no command left, `--help`/`-h` asks for the overview (and nothing else, for the usage).
 */
export function hoistGlobalOptions(argv: readonly string[]): string[] {
  const globals: string[] = [];
  let i = 0;
  while (i < argv.length) {
    const word = argv[i] ?? '';
    if (!word.startsWith('-') || word === '-' || word === '--') break;
    const long = word.startsWith('--');
    const eq = word.indexOf('=');
    const name = long ? word.slice(2, eq > 0 ? eq : undefined) : word.slice(1);
    const spec = GLOBAL_OPTIONS.find((s) => (long ? s.name === name : s.short === name));
    if (!spec) break; // --version, or a mistake: main reports it as it stands
    globals.push(word);
    if (spec.type === 'string' && !(long && eq > 0)) {
      const value = argv[i + 1];
      if (value === undefined) break;
      globals.push(value);
      i++;
    }
    i++;
  }
  const [command, ...rest] = argv.slice(i);
  if (command === undefined) return globals.some((w) => w === '--help' || w === '-h') ? ['--help'] : [];
  if (command.startsWith('-')) return [command, ...rest, ...globals]; // --version, or an unknown option
  return [command, ...globals, ...rest];
}

/**
 * Parses `argv` (the words after the command name) against `specs` plus the global options.
 * Throws `UsageError` for an unknown option or a missing value.
 */
export function parseArgs(command: string, argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const all = [...specs, ...GLOBAL_OPTIONS];
  const options = new Map<string, string | boolean | string[]>();
  const positionals: string[] = [];
  let rest: string[] | null = null;

  const set = (spec: OptionSpec, value: string | boolean): void => {
    if (spec.multiple) {
      const prev = options.get(spec.name);
      options.set(spec.name, [...(Array.isArray(prev) ? prev : []), String(value)]);
    } else {
      options.set(spec.name, value);
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    if (word === '--') {
      rest = argv.slice(i + 1);
      break;
    }
    // A lone "-" and negative numbers are values, not options.
    if (!word.startsWith('-') || word === '-' || /^-\d/.test(word)) {
      positionals.push(word);
      continue;
    }
    const long = word.startsWith('--');
    const eq = word.indexOf('=');
    const name = long ? word.slice(2, eq > 0 ? eq : undefined) : word.slice(1, 2);
    const spec = long ? all.find((s) => s.name === name) : all.find((s) => s.short === name);
    if (!spec) throw unknownOption(command, word, all);
    let inline: string | undefined;
    if (long && eq > 0) inline = word.slice(eq + 1);
    else if (!long && word.length > 2) inline = word.slice(word[2] === '=' ? 3 : 2);

    if (spec.type === 'boolean') {
      if (inline !== undefined) throw new UsageError(`option --${spec.name} takes no value`, `${command} --help`);
      set(spec, true);
      continue;
    }
    if (inline !== undefined) {
      set(spec, inline);
      continue;
    }
    const next = argv[i + 1];
    if (next === undefined || next === '--') {
      throw new UsageError(`option --${spec.name} needs a value${spec.value ? ` (${spec.value})` : ''}`, `${command} --help`);
    }
    set(spec, next);
    i++;
  }
  return { options, positionals, rest };
}

/** The string value of an option, or undefined. */
export function optString(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name);
  if (Array.isArray(v)) return v[v.length - 1];
  return typeof v === 'string' ? v : undefined;
}

/** Every value of a repeatable option (empty when absent). */
export function optList(args: ParsedArgs, name: string): string[] {
  const v = args.options.get(name);
  if (Array.isArray(v)) return v;
  return typeof v === 'string' ? [v] : [];
}

/** True when a boolean option was given. */
export function optFlag(args: ParsedArgs, name: string): boolean {
  return args.options.get(name) === true;
}

/** A positive integer option, or `fallback`; a malformed value is a usage error. */
export function optInt(args: ParsedArgs, command: string, name: string, fallback: number): number {
  const raw = optString(args, name);
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) {
    throw new UsageError(`--${name} must be a positive whole number, got "${raw}"`, `${command} --help`);
  }
  return Number(raw);
}

function unknownOption(command: string, word: string, specs: readonly OptionSpec[]): UsageError {
  const bare = word.replace(/^-+/, '').split('=')[0] ?? '';
  const close = specs
    .map((s) => ({ s, d: editDistance(bare, s.name) }))
    .filter(({ d }) => d <= 2)
    .sort((a, b) => a.d - b.d)[0];
  const hint = close ? ` (did you mean --${close.s.name}?)` : '';
  return new UsageError(`unknown option ${word} for "runlens ${command}"${hint}`, `${command} --help`);
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
