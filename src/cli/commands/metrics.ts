// `runlens metrics RUN`: every logged point of a run's metrics, as a table, CSV (tidy long format,
// one point per row, ready for pandas) or JSON (columns per metric).
import { optFlag, optList, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { NotFoundError, UsageError } from '../errors';
import { formatNumber, jsonReplacer, paint, table, terminalSafe } from '../output';
import { requireRun } from '../lookup';
import { encodeMetricValue, recordTimeIso } from '../../core/metrics/record';
import { type Series } from '../../core/store/store';
import { setOwn } from '../../core/dict';

/** One CSV field, quoted when it holds a comma, quote or line break. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function stepOf(series: Series, i: number): number | null {
  const s = series.steps[i] ?? NaN;
  return Number.isNaN(s) ? null : s;
}

/** Writes text in pieces so a million-point series never becomes one giant string. */
function emit(lines: string[], flushAt = 10_000): void {
  if (lines.length >= flushAt) process.stdout.write(terminalSafe(lines.splice(0).join('')));
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError('metrics takes exactly one run (id, name or id prefix)', 'metrics --help');
  const asCsv = optFlag(args, 'csv');
  const asJson = optFlag(args, 'json');
  if (asCsv && asJson) throw new UsageError('choose one of --csv and --json', 'metrics --help');
  const m = await requireRun(ctx, args.positionals[0] ?? '');
  const known = Object.keys(m.metrics).sort();
  const wanted = optList(args, 'metric');
  for (const w of wanted) {
    if (!known.includes(w)) {
      throw new NotFoundError(`run ${m.name} has no metric "${w}"`, known.length > 0 ? `its metrics: ${known.join(', ')}` : 'it has logged no metrics');
    }
  }
  const names = wanted.length > 0 ? wanted : known;
  const series: Series[] = [];
  for (const name of names) series.push(await ctx.store().readSeries(m.id, name));

  const o = ctx.output;
  // A damaged stored file is worked around and said, never a failed read.
  for (const s of series) for (const w of s.warnings ?? []) o.err(paint(o, 'yellow', `runlens: warning: ${w}`));
  if (asJson) {
    const out: Record<string, { steps: (number | null)[]; times: number[]; values: (number | string)[] }> = {};
    for (const s of series) {
      setOwn(out, s.metric, {
        steps: Array.from(s.steps, (v) => (Number.isNaN(v) ? null : v)),
        times: Array.from(s.times),
        values: Array.from(s.values, encodeMetricValue),
      });
    }
    o.out(JSON.stringify({ id: m.id, name: m.name, metrics: out }, jsonReplacer, 2));
    return 0;
  }
  if (asCsv) {
    const lines = ['metric,step,time,value\n'];
    for (const s of series) {
      const name = csvField(s.metric);
      for (let i = 0; i < s.total; i++) {
        lines.push(`${name},${stepOf(s, i) ?? ''},${recordTimeIso(s.times[i] ?? NaN) ?? ''},${String(encodeMetricValue(s.values[i] ?? NaN))}\n`);
        emit(lines);
      }
    }
    process.stdout.write(terminalSafe(lines.join('')));
    return 0;
  }
  if (series.length === 0) {
    o.err(`run ${m.name} has logged no metrics`);
    return 0;
  }
  for (const s of series) {
    const rows: string[][] = [];
    for (let i = 0; i < s.total; i++) {
      rows.push([String(stepOf(s, i) ?? '-'), recordTimeIso(s.times[i] ?? NaN) ?? '-', formatNumber(s.values[i])]);
    }
    o.out(`${paint(o, 'bold', s.metric)} (${s.total} point${s.total === 1 ? '' : 's'})`);
    o.out(`${table(o, ['STEP', 'TIME', 'VALUE'], rows)}\n`);
  }
  return 0;
}

/** The `metrics` command. */
export const metricsCommand: Command = {
  name: 'metrics',
  summary: "print a run's metric points (table, --csv or --json)",
  usage: 'metrics RUN [--metric NAME ...] [--csv | --json]',
  description: 'CSV columns: metric,step,time,value (time in ISO 8601 UTC; NaN and Infinity spelled out).',
  options: [
    { name: 'metric', short: 'm', type: 'string', multiple: true, value: 'NAME', help: 'only this metric' },
    { name: 'csv', type: 'boolean', help: 'print CSV (one point per row)' },
    JSON_OPTION,
  ],
  examples: ['runlens metrics brave-otter-3 -m loss', 'runlens metrics brave-otter-3 --csv > metrics.csv'],
  run,
};
