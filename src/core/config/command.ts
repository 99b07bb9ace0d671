// Turns an experiment's command template and a set of params into what the supervisor spawns.
// The template is split into arguments before params are substituted, so a value containing
// spaces, quotes or `;` stays one argument and can never inject another.
import { type ParamValue } from '../model';
import { type ExperimentConfig } from './types';
import { formatParamValue, substitute } from './params';

/** What to spawn: an argv (no shell), or with `shell: true` a one-element argv holding the command line. */
export interface ExpandedCommand {
  readonly argv: string[];
  readonly shell: boolean;
}

/**
 * Splits a command line into arguments the way a POSIX shell would, without expanding anything:
 * whitespace separates, '...' is literal, "..." allows \" \\ \$ \` escapes, a backslash outside
 * quotes escapes the next character. Throws on an unterminated quote.
 */
export function tokenizeCommand(line: string): string[] {
  const tokens: string[] = [];
  let current = '';
  let inToken = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] ?? '';
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      if (inToken) tokens.push(current);
      current = '';
      inToken = false;
      continue;
    }
    inToken = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new Error(`unterminated ' quote at column ${i + 1} of the command`);
      current += line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        const d = line[j] ?? '';
        const next = line[j + 1] ?? '';
        if (d === '\\' && '"\\$`\n'.includes(next) && next !== '') {
          if (next !== '\n') current += next;
          j++;
        } else {
          current += d;
        }
      }
      if (j >= line.length) throw new Error(`unterminated " quote at column ${i + 1} of the command`);
      i = j;
    } else if (c === '\\') {
      const next = line[i + 1];
      if (next !== undefined && next !== '\n') current += next;
      i++;
    } else {
      current += c;
    }
  }
  if (inToken) tokens.push(current);
  return tokens;
}

/** Quotes a value for a POSIX shell: '...' with each ' written as '\''. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Expands the experiment's command with `params` over its defaults. Argv mode: the template is
 * tokenised first, then `${name}` is replaced inside each token. Shell mode: the template goes
 * to the shell with each value single-quoted. Throws on an unknown `${name}` or a bad template.
 */
export function expandCommand(exp: ExperimentConfig, params: Readonly<Record<string, ParamValue>>): ExpandedCommand {
  const merged: Record<string, ParamValue> = { ...exp.params, ...params };
  const known = Object.keys(merged);
  const lookup = (quote: boolean) => (name: string): string | undefined => {
    if (!Object.prototype.hasOwnProperty.call(merged, name)) return undefined;
    const text = formatParamValue(merged[name] ?? null);
    return quote ? shellQuote(text) : text;
  };
  if (exp.shell) {
    const line = typeof exp.command === 'string' ? exp.command : exp.command.join(' ');
    return { argv: [substitute(line, lookup(true), known)], shell: true };
  }
  const template = typeof exp.command === 'string' ? tokenizeCommand(exp.command) : exp.command;
  const argv = template.map((token) => substitute(token, lookup(false), known));
  if (argv.length === 0) throw new Error('the command is empty');
  return { argv, shell: false };
}

/**
 * The experiment's `outputs:` with each `${name}` replaced by the run's params over the defaults,
 * as in the command, so each point of a sweep can write and hash its own file
 * (`outputs/model-${lr}.pt`). Throws on an unknown `${name}`.
 */
export function expandOutputs(exp: ExperimentConfig, params: Readonly<Record<string, ParamValue>>): string[] {
  const merged: Record<string, ParamValue> = { ...exp.params, ...params };
  const value = (name: string): string | undefined =>
    (Object.prototype.hasOwnProperty.call(merged, name) ? formatParamValue(merged[name] ?? null) : undefined);
  return exp.outputs.map((spec) => {
    try {
      return substitute(spec, value, Object.keys(merged));
    } catch (e) {
      throw new Error((e as Error).message.replace(' in the command;', ` in output "${spec}";`));
    }
  });
}
