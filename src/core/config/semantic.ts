// Checks the schema cannot express: `${param}` placeholders that name no param, sweeps over
// undeclared params, metric patterns that do not compile or capture nothing, a primary metric
// that cannot be right. Pure: returns issues by config path, the caller adds source positions.
import { compilePattern, namedGroups } from '../metrics/patterns';
import { type ExperimentConfig } from './types';
import { tokenizeCommand } from './command';
import { MAX_SWEEP_POINTS, placeholders } from './params';
import { type ConfigPath } from './yaml-positions';
import { own } from '../dict';

/** One finding; `needle` narrows the range to that text inside the value at `path`. */
export interface SemanticIssue {
  readonly path: ConfigPath;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  readonly onKey?: boolean;
  readonly needle?: string;
}

/** Largest sweep grid accepted without a warning: more is usually a typo in a value list. */
const LARGE_SWEEP = 1000;

function list(names: readonly string[]): string {
  return names.length > 0 ? names.join(', ') : 'none declared';
}

/** Each `${name}` of a template (the command, an output path) must name a declared param. */
function checkPlaceholders(template: string, path: ConfigPath, declared: readonly string[], out: SemanticIssue[]): void {
  for (const p of placeholders(template)) {
    const needle = template.slice(p.index, p.index + p.length);
    if (p.name === '') out.push({ path, needle, severity: 'error', message: `empty placeholder ${needle}: write \${name} with a param name` });
    else if (!declared.includes(p.name)) {
      out.push({ path, needle, severity: 'error', message: `${needle} is not a declared param; declare it under params (declared: ${list(declared)})` });
    }
  }
}

function checkCommand(exp: ExperimentConfig, at: ConfigPath, out: SemanticIssue[]): void {
  const declared = Object.keys(exp.params);
  const templates = typeof exp.command === 'string' ? [exp.command] : exp.command;
  templates.forEach((template, i) => checkPlaceholders(template, typeof exp.command === 'string' ? [...at, 'command'] : [...at, 'command', i], declared, out));
  // Output paths expand ${param} like the command does.
  exp.outputs.forEach((spec, i) => checkPlaceholders(spec, [...at, 'outputs', i], declared, out));
  // An empty or missing command is the schema's to report; whitespace only is ours.
  if (typeof exp.command === 'string' && exp.command !== '' && !exp.shell) {
    try {
      if (tokenizeCommand(exp.command).length === 0) out.push({ path: [...at, 'command'], severity: 'error', message: 'the command is empty' });
    } catch (e) {
      out.push({ path: [...at, 'command'], severity: 'error', message: (e as Error).message });
    }
  }
}

function checkSweep(exp: ExperimentConfig, at: ConfigPath, out: SemanticIssue[]): void {
  if (!exp.sweep) return;
  const declared = Object.keys(exp.params);
  let size = 1;
  for (const [name, values] of Object.entries(exp.sweep)) {
    size *= values.length;
    if (!declared.includes(name)) {
      out.push({ path: [...at, 'sweep', name], onKey: true, severity: 'error', message: `sweep over "${name}", which is not a declared param (declared: ${list(declared)})` });
      continue;
    }
    const like = own(exp.params, name);
    if (like === null || like === undefined) continue;
    values.forEach((v, i) => {
      if (v !== null && typeof v !== typeof like) {
        out.push({ path: [...at, 'sweep', name, i], severity: 'warning', message: `sweep value ${JSON.stringify(v)} is a ${typeof v} but param "${name}" defaults to a ${typeof like}` });
      }
    });
  }
  if (size > LARGE_SWEEP) {
    const refused = size > MAX_SWEEP_POINTS ? `; runlens sweep refuses more than ${MAX_SWEEP_POINTS} without --max-points` : '';
    out.push({ path: [...at, 'sweep'], onKey: true, severity: 'warning', message: `this sweep starts ${size} runs${refused}` });
  }
}

function checkPatterns(exp: ExperimentConfig, at: ConfigPath, out: SemanticIssue[]): string[] | undefined {
  let captured: string[] | undefined = [];
  exp.metrics.patterns.forEach((p, i) => {
    const path = [...at, 'metrics', 'patterns', i];
    const error = (message: string, key?: string): void => {
      out.push({ path: key ? [...path, key] : path, severity: 'error', message });
    };
    if ((p.regex === undefined) === (p.keyvalue === undefined)) {
      error('a pattern needs exactly one of "regex" (named groups are metrics) or "keyvalue" (name=value pairs)');
      return;
    }
    const key = p.regex !== undefined ? 'regex' : 'keyvalue';
    if (p.regex !== undefined && p.keys) error('"keys" only applies to keyvalue patterns; name the metrics as groups instead', 'keys');
    try {
      compilePattern(p);
    } catch (e) {
      error(`invalid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`, key);
      return;
    }
    const step = p.step ?? 'step';
    const groups = namedGroups(p.regex ?? p.keyvalue ?? '');
    if (p.keyvalue !== undefined) {
      captured = p.keys && captured ? [...captured, ...p.keys] : undefined; // a keyvalue pattern can capture any name
      return;
    }
    const metrics = groups.filter((g) => g !== step);
    if (metrics.length === 0) error(`the regex has no named group for a metric; name one like (?<loss>[\\d.]+)`, key);
    if (p.step !== undefined && !groups.includes(p.step)) {
      out.push({ path: [...path, 'step'], severity: 'warning', message: `no group named "${p.step}" in the regex, so no step is read` });
    }
    captured = captured ? [...captured, ...metrics] : undefined;
  });
  return captured;
}

function checkPrimary(exp: ExperimentConfig, at: ConfigPath, captured: string[] | undefined, out: SemanticIssue[]): void {
  const primary = exp.metrics.primary;
  const path = [...at, 'metrics', 'primary'];
  if (primary === undefined) return;
  if (primary.trim() !== primary) out.push({ path, severity: 'error', message: `primary metric ${JSON.stringify(primary)} has leading or trailing spaces` });
  else if (primary === 'step') out.push({ path, severity: 'error', message: '"step" is the step of each record, not a metric' });
  else if (captured && captured.length > 0 && exp.metrics.patterns.length > 0 && !captured.includes(primary)) {
    out.push({ path, severity: 'warning', message: `primary metric "${primary}" is captured by no pattern (they capture: ${[...new Set(captured)].join(', ')}); it must come from the client or @runlens lines` });
  }
}

/** All semantic issues of one (schema-valid) experiment. */
export function checkExperiment(exp: ExperimentConfig): SemanticIssue[] {
  const at: ConfigPath = ['experiments', exp.name];
  const out: SemanticIssue[] = [];
  checkCommand(exp, at, out);
  checkSweep(exp, at, out);
  checkPrimary(exp, at, checkPatterns(exp, at, out), out);
  return out;
}
