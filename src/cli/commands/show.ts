// `runlens show RUN`: one run in full — what ran, where, how it ended, its params and a summary of
// every metric. `--json` prints the manifest exactly as stored (docs/store-format.md).
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { UsageError } from '../errors';
import { formatDuration, formatNumber, formatParam, formatTime, paint, printJson, table, type Output } from '../output';
import { describeRun, requireRun } from '../lookup';
import { type RunManifest } from '../../core/model';

/** An argv as a user could paste it into a POSIX shell. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function endLine(m: RunManifest): string | undefined {
  if (m.exitCode !== null) return `exit code ${m.exitCode}`;
  if (m.signal !== null) return `signal ${m.signal}`;
  return undefined;
}

function details(o: Output, m: RunManifest, logPath: string): string {
  const field = (k: string, v: string): string => `${paint(o, 'dim', `${k}:`.padEnd(12))}${v}`;
  const lines = [describeRun(o, m)];
  if (m.error) lines.push(field('error', paint(o, 'red', m.error)));
  lines.push(field('experiment', m.experiment ?? '- (raw command)'));
  lines.push(field('command', m.shell ? `sh -c ${quoteArgv(m.command)}` : quoteArgv(m.command)));
  lines.push(field('cwd', m.cwd));
  lines.push(field('started', `${formatTime(m.startedAt ?? m.createdAt)}  (${formatDuration(m.startedAt, m.endedAt)}${m.endedAt ? '' : ' so far'})`));
  const end = endLine(m);
  if (end) lines.push(field('ended', `${formatTime(m.endedAt)}  ${end}`));
  if (m.process) lines.push(field('process', `host ${m.process.host}, supervisor pid ${m.process.supervisorPid}${m.process.childPid ? `, child pid ${m.process.childPid}` : ''}`));
  const versions = Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ');
  if (versions) lines.push(field('versions', versions));
  if (m.tags.length > 0) lines.push(field('tags', m.tags.join(', ')));
  if (m.starred) lines.push(field('starred', 'yes'));
  if (m.note) lines.push(field('note', m.note));
  if (m.reproducedFrom) lines.push(field('reproduces', m.reproducedFrom));
  lines.push(field('log', logPath));

  const params = Object.entries(m.params);
  lines.push('', paint(o, 'bold', 'Params'));
  lines.push(params.length === 0 ? '  (none)' : table(o, ['NAME', 'VALUE'], params.map(([k, v]) => [k, formatParam(v)])));
  const env = Object.entries(m.env);
  if (env.length > 0) lines.push('', paint(o, 'bold', 'Env'), table(o, ['NAME', 'VALUE'], env));

  const metrics = Object.entries(m.metrics).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  lines.push('', paint(o, 'bold', 'Metrics'));
  if (metrics.length === 0) lines.push('  (none logged)');
  else {
    lines.push(table(o, ['NAME', 'LAST', 'MIN', 'MAX', 'COUNT', 'LAST STEP'], metrics.map(([k, s]) => [
      k, formatNumber(s.last), formatNumber(s.min), formatNumber(s.max), String(s.count), s.lastStep === null ? '-' : String(s.lastStep),
    ])));
  }
  if (m.badMetricLines > 0) lines.push(paint(o, 'yellow', `${m.badMetricLines} metric line(s) could not be parsed`));
  return lines.join('\n');
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError('show takes exactly one run (id, name or id prefix)', 'show --help');
  const m = await requireRun(ctx, args.positionals[0] ?? '');
  if (optFlag(args, 'json')) printJson(ctx.output, m);
  else ctx.output.out(details(ctx.output, m, ctx.store().logPath(m.id)));
  return 0;
}

/** The `show` command. */
export const showCommand: Command = {
  name: 'show',
  summary: 'show one run: command, status, params and metric summaries',
  usage: 'show RUN [--json]',
  options: [JSON_OPTION],
  examples: ['runlens show brave-otter-3', 'runlens show 20250101-1200 --json'],
  run,
};
