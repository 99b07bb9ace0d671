// `runlens monitor [NAME...]`: checks the data shift monitors of runlens.yaml (`monitor:`), each
// its current data against its reference; exit 9 when one shifted, 6 when one could not be
// checked, 0 otherwise: a CI gate (docs/data-shift.md).
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { CliError, ExitCode, NotFoundError } from '../errors';
import { paint, printJson } from '../output';
import { driftText } from '../profileText';
import { formatProblem, loadConfig } from '../../core/config/config';
import { HashCache } from '../../core/data/cache';
import { checkMonitor, type MonitorResult } from '../../core/drift/monitor';
import { debugSink } from '../../core/errors';
import { ProfileStore } from '../../core/profile/profileStore';
import { ensureStore, readFormat, StoreLayout } from '../../core/store/layout';

/** The exit code of a set of results: shifted wins over unchecked. */
export function monitorExitCode(results: readonly MonitorResult[]): number {
  if (results.some((r) => r.report?.shifted)) return ExitCode.shifted;
  if (results.some((r) => r.error !== undefined)) return ExitCode.dataMissing;
  return 0;
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const o = ctx.output;
  const workspace = ctx.workspace();
  const config = await loadConfig(workspace);
  if (!config) throw new NotFoundError(`no runlens.yaml in ${workspace}`, 'declare monitors under monitor: in runlens.yaml (docs/data-shift.md)');
  // Problems elsewhere in the file do not stop the monitors that are valid; they are said.
  const errors = config.problems.filter((p) => p.severity === 'error');
  for (const p of errors) o.err(formatProblem(p));
  const all = config.monitors ?? [];
  if (all.length === 0) {
    if (errors.length > 0) throw new CliError('runlens.yaml has problems (above)', ExitCode.configInvalid);
    throw new NotFoundError('runlens.yaml declares no monitor', 'add one under monitor: (docs/data-shift.md)');
  }
  const names = args.positionals;
  const unknown = names.filter((n) => !all.some((m) => m.name === n));
  if (unknown.length > 0) throw new NotFoundError(`no monitor ${unknown.join(', ')}`, `monitors: ${all.map((m) => m.name).join(', ')}`);
  const chosen = names.length === 0 ? all : all.filter((m) => names.includes(m.name));
  const store = ctx.store();
  const layout = new StoreLayout(store.root);
  await readFormat(layout);
  await ensureStore(layout);
  const hashCache = await HashCache.open(layout.root);
  const options = { hashCache, store: new ProfileStore(layout.root, debugSink((l) => o.err(l))) };
  const results: MonitorResult[] = [];
  for (const m of chosen) results.push(await checkMonitor(workspace, store, m, options));
  await hashCache.save();
  if (optFlag(args, 'json')) {
    printJson(o, { monitors: results });
  } else {
    for (const r of results) {
      o.out(paint(o, 'bold', `monitor ${r.name}`));
      if (r.error !== undefined) o.out(`${paint(o, 'red', 'not checked')}: ${r.error}`);
      if (r.report) o.out(driftText(o, r.report, r.reference ?? '?', r.current.join(', ')));
      if (r.files) {
        o.out(`per file (${r.files.length}):`);
        for (const f of r.files) {
          const verdict = f.report.shifted ? paint(o, 'red', 'SHIFTED') : paint(o, 'green', 'not shifted');
          o.out(`  ${f.path}  ${f.report.current.rows} rows  ${verdict}: ${f.report.drifted} of ${f.report.total} columns drifted`);
        }
      }
      for (const p of r.problems) o.out(`${paint(o, 'yellow', 'warning')}  ${p}`);
      o.out('');
    }
    const shifted = results.filter((r) => r.report?.shifted).map((r) => r.name);
    o.out(shifted.length > 0 ? paint(o, 'red', `shifted: ${shifted.join(', ')}`) : `${results.length} monitor(s): no shift`);
  }
  return monitorExitCode(results);
}

/** The `monitor` command. */
export const monitorCommand: Command = {
  name: 'monitor',
  summary: 'check the data shift monitors of runlens.yaml (exit 9 when one shifted)',
  usage: 'monitor [NAME...] [--json]',
  description: [
    'Each monitor under monitor: in runlens.yaml compares its current files (globs) with its reference',
    '(a path, a run, the best run of an experiment, a tagged run, or a dataset version) column by',
    'column, as runlens drift does (docs/data-shift.md). Without NAME every monitor is checked.',
    'Exit 9 when a monitor shifted, 6 when one could not be checked (no data, no such run), else 0.',
  ].join('\n'),
  options: [JSON_OPTION],
  examples: ['runlens monitor', 'runlens monitor incoming --json'],
  run,
};
