// `runlens status`: which current results are stale and why (docs/lineage.md), like `dvc status`,
// with an exit code of its own when anything is stale so CI can gate on it.
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { ExitCode } from '../errors';
import { paint, printJson, type Output } from '../output';
import { HashCache } from '../../core/data/cache';
import { workspaceStatus, type StatusReport } from '../../core/lineage/status';
import { ensureStore, readFormat, StoreLayout } from '../../core/store/layout';

/** The text report: one line per run judged, each stale one followed by its reasons. */
export function statusText(o: Output, report: StatusReport): string {
  const lines: string[] = [];
  for (const v of report.runs) {
    const who = `${v.name}${v.experiment !== null && v.experiment !== v.name ? ` (${v.experiment})` : ''}`;
    const tag = v.stale ? paint(o, 'yellow', 'stale') : paint(o, 'green', 'up to date');
    lines.push(`${who}  ${tag}${v.current ? '' : paint(o, 'dim', '  (upstream of a current result)')}`);
    for (const r of v.reasons) lines.push(`    ${r.message}`);
  }
  for (const p of report.problems) lines.push(`${paint(o, 'yellow', 'note:')} ${p}`);
  const current = report.runs.filter((v) => v.current).length;
  if (current === 0) lines.push(paint(o, 'dim', 'No finished runs to check.'));
  else if (report.stale === 0) lines.push('', `Everything is up to date (${current} current result(s) checked).`);
  else lines.push('', `${report.stale} run(s) stale: rerun them, upstream first (runlens lineage RUN --up shows the chain).`);
  return lines.join('\n');
}

/**
 * The workspace's stale verdicts now, hashing declared data through the stat cache, which is saved
 * for the next call when there was data to hash (`status`, and `rerun --stale-chain`).
 */
export async function statusNow(ctx: CommandContext, options: { journal?: boolean } = {}): Promise<StatusReport> {
  const store = ctx.store();
  const layout = new StoreLayout(store.root);
  await readFormat(layout);
  const cache = await HashCache.open(layout.root);
  const report = await workspaceStatus(store, cache, options);
  if (report.specs.length > 0) {
    await ensureStore(layout);
    await cache.save();
  }
  return report;
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const report = await statusNow(ctx, { journal: !optFlag(args, 'no-journal') });
  if (optFlag(args, 'json')) printJson(ctx.output, report);
  else ctx.output.out(statusText(ctx.output, report));
  return report.stale > 0 ? ExitCode.stale : ExitCode.ok;
}

/** The `status` command. */
export const statusCommand: Command = {
  name: 'status',
  summary: 'show which current results are stale and why (data changed, newer inputs, stale upstream runs)',
  usage: 'status [--json] [--no-journal]',
  description: [
    'Checks the current result of each experiment (its newest finished run, and the newest of each',
    'sweep point) and the runs upstream of them: a run is stale when a dataset it read differs in the',
    'workspace now, when the run that produced an input has since written a newer version of it, or',
    'when a run upstream of it is stale. Inputs are re-hashed through the stat cache, so an unchanged',
    'workspace costs stat time only. While VS Code has the workspace open, its change journal spares',
    'even the stats of datasets nothing touched (--no-journal stats every file).',
    'Exit 0 when everything is up to date, 8 when anything is stale.',
  ].join('\n'),
  options: [JSON_OPTION, { name: 'no-journal', type: 'boolean', help: "stat every data file; ignore the editor's change journal" }],
  examples: ['runlens status', 'runlens status --json', 'runlens status --no-journal'],
  run,
};
