// `runlens push` and `runlens pull`: share runs with the team through the git remote (docs/sharing.md).
// The engine (src/core/share) decides and does everything; this file parses and prints.
import { optFlag, optString, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';
import { requireRun } from '../lookup';
import { paint, printJson } from '../output';
import { ShareError } from '../../core/share/errors';
import { type ShareProgress } from '../../core/share/progress';
import { pullRuns, type PullResult } from '../../core/share/pull';
import { type PushResult } from '../../core/share/push';
import { configuredRemotes } from '../../core/share/remote';
import { runPushSteps, runsResult } from '../../core/share/steps';
import { locateRepo } from '../../core/git/repo';

/** Whether the first positional names a remote (a configured one, or a URL or path) rather than a run. */
async function splitRemote(ctx: CommandContext, positionals: readonly string[]): Promise<{ remote?: string; runs: string[] }> {
  const [first, ...rest] = positionals;
  if (first === undefined) return { runs: [] };
  const repo = await locateRepo(ctx.workspace(), {});
  const remotes = await configuredRemotes(repo.toplevel);
  const location = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(first) || first.includes('/') || /^[^/]+@[^/]+:/.test(first);
  return remotes.has(first) || location ? { remote: first, runs: rest } : { runs: [...positionals] };
}

function progressPrinter(ctx: CommandContext, json: boolean): ((p: ShareProgress) => void) | undefined {
  if (json || !process.stderr.isTTY) return undefined;
  return (p) => ctx.output.err(paint(ctx.output, 'dim', p.message));
}

async function withShareErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof ShareError) throw new CliError(e.message, ExitCode.failure, e.hint);
    throw e;
  }
}

async function push(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const json = optFlag(args, 'json');
  const { remote, runs } = await splitRemote(ctx, args.positionals);
  const experiment = optString(args, 'experiment');
  if (optFlag(args, 'all') && (runs.length > 0 || experiment !== undefined)) throw new UsageError('--all cannot be combined with runs or --experiment', 'push --help');
  const ids: string[] = [];
  for (const key of runs) ids.push((await requireRun(ctx, key)).id);
  const results = await withShareErrors(() => runPushSteps({
    store: ctx.store(), workspace: ctx.workspace(), remote, select: { ids, ...(experiment !== undefined ? { experiment } : {}) },
    dryRun: optFlag(args, 'dry-run'), prune: optFlag(args, 'prune'), onProgress: progressPrinter(ctx, json),
  }));
  const r = runsResult(results);
  if (json) printJson(ctx.output, { steps: Object.fromEntries(results.map((s) => [s.name, s.result])) });
  else if (r) printPush(ctx, r);
  return r && r.conflicts.length > 0 ? ExitCode.conflict : 0;
}

function printPush(ctx: CommandContext, r: PushResult): void {
  const o = ctx.output;
  const n = (k: number, what: string): string => `${k} ${what}${k === 1 ? '' : 's'}`;
  const verb = r.dryRun ? 'would push' : 'pushed';
  o.out(`${verb} ${n(r.pushed.length, 'run')} to ${r.remote.name}${r.unchanged > 0 ? ` (${r.unchanged} already there)` : ''}`);
  if (r.pruned.length > 0) o.out(`${r.dryRun ? 'would prune' : 'pruned'} ${n(r.pruned.length, 'deleted run')} from ${r.remote.name}`);
  for (const s of r.skipped) o.err(paint(o, 'dim', `skipped ${s.id}: ${s.reason}`));
  for (const c of r.conflicts) o.err(`${paint(o, 'red', 'conflict:')} ${c.message}`);
  if (r.conflicts.length > 0) o.err('  the other runs were pushed; see docs/sharing.md#conflicts');
}

async function pull(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const json = optFlag(args, 'json');
  if (args.positionals.length > 1) throw new UsageError('pull takes at most one remote', 'pull --help');
  const r = await withShareErrors(() => pullRuns({ store: ctx.store(), workspace: ctx.workspace(), remote: args.positionals[0], onProgress: progressPrinter(ctx, json) }));
  if (json) printJson(ctx.output, r);
  else printPull(ctx, r);
  return r.conflicts.length > 0 ? ExitCode.conflict : r.failed.length > 0 ? ExitCode.failure : 0;
}

function printPull(ctx: CommandContext, r: PullResult): void {
  const o = ctx.output;
  o.out(`pulled ${r.added.length} new and ${r.updated.length} updated run${r.added.length + r.updated.length === 1 ? '' : 's'} from ${r.remote.name} (${r.onRemote} on the remote)`);
  for (const c of r.conflicts) o.err(`${paint(o, 'red', 'conflict:')} ${c.message}`);
  for (const f of r.failed) o.err(`${paint(o, 'red', 'not pulled:')} ${f.id}: ${f.message}`);
}

/** The `push` command. */
export const pushCommand: Command = {
  name: 'push',
  summary: 'share runs: push new and changed runs to the git remote',
  usage: 'push [REMOTE] [RUN...|--all|--experiment X] [--dry-run] [--prune] [--json]',
  description: 'Sends the records of finished runs (manifest, params, metrics, a log tail, data manifests, verdicts) as git ' +
    'objects under refs/runlens/records/<id>, with their code snapshots. Only new or changed runs travel; what the remote ' +
    'has is known locally, so a push with nothing new does not contact it. REMOTE is a configured git remote (default: ' +
    'origin), or a URL or path named explicitly. Runs pulled from teammates and running runs are not pushed. Exit code 5 ' +
    'when the remote holds another version of a run (nothing is overwritten). See docs/sharing.md.',
  options: [
    { name: 'all', type: 'boolean', help: 'every run (the default when no run is named)' },
    { name: 'experiment', type: 'string', value: 'X', help: 'only runs of experiment X' },
    { name: 'dry-run', type: 'boolean', help: 'say what would be pushed; send nothing' },
    { name: 'prune', type: 'boolean', help: 'also delete from the remote the runs pushed from here and since deleted here' },
    JSON_OPTION,
  ],
  examples: ['runlens push', 'runlens push origin brave-otter-3', 'runlens push --experiment train --dry-run'],
  run: push,
};

/** The `pull` command. */
export const pullCommand: Command = {
  name: 'pull',
  summary: "share runs: pull teammates' runs from the git remote",
  usage: 'pull [REMOTE] [--json]',
  description: 'Fetches every run record of the remote and adds the new and changed ones to this store, read-only and ' +
    'marked with who ran them and where. Their code snapshots come with them, so they can be compared and reproduced. ' +
    'Nothing pulled is ever run by itself. See docs/sharing.md.',
  options: [JSON_OPTION],
  examples: ['runlens pull', 'runlens pull origin --json'],
  run: pull,
};
