// Help text for `runlens --help`, `runlens help CMD` and `runlens CMD --help`, generated from the
// same option specs the parser uses so help and behaviour cannot drift apart.
import { GLOBAL_OPTIONS, type OptionSpec } from './args';
import { type Command } from './command';
import { paint, type Output } from './output';

function optionLines(specs: readonly OptionSpec[]): string[] {
  const left = specs.map((s) => {
    const names = `${s.short ? `-${s.short}, ` : '    '}--${s.name}`;
    return s.type === 'string' ? `${names} ${s.value ?? 'VALUE'}` : names;
  });
  const w = Math.max(...left.map((l) => l.length));
  return specs.map((s, i) => `  ${(left[i] ?? '').padEnd(w)}  ${s.help}${s.multiple ? ' (repeatable)' : ''}`);
}

/** The overview: every command with its one-line summary. */
export function mainHelp(o: Output, commands: readonly Command[]): string {
  const w = Math.max(...commands.map((c) => c.name.length));
  return [
    `${paint(o, 'bold', 'runlens')} — track ML runs beside your code`,
    '',
    'Usage: runlens <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    'Options for every command:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Read commands (ls, show, metrics, compare, diff, hash, cache, trash) take --json for machine-readable output.',
    'The workspace is the nearest folder upwards holding runlens.yaml or .runlens.',
    'Run ids may be given as the full id, the run name, or a unique id prefix.',
    "Run 'runlens help <command>' for a command's options. Exit codes: see docs/cli.md.",
  ].join('\n');
}

/** Help for one command: usage, description, options, examples. */
export function commandHelp(o: Output, c: Command): string {
  const lines = [`Usage: ${paint(o, 'bold', `runlens ${c.usage}`)}`, '', c.summary];
  if (c.description) lines.push('', c.description);
  if (c.options.length > 0) lines.push('', 'Options:', ...optionLines(c.options));
  lines.push('', 'Global options:', ...optionLines(GLOBAL_OPTIONS));
  if (c.examples && c.examples.length > 0) lines.push('', 'Examples:', ...c.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}
