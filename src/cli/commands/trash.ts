// `runlens rm`, `restore` and `trash`: deleting moves runs to the store's trash, from where they can
// be restored until the trash is emptied.
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { CliError, ExitCode, NotFoundError, UsageError } from '../errors';
import { formatTime, paint, printJson, table } from '../output';
import { requireRun } from '../lookup';

async function rm(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError('rm needs at least one run', 'rm --help');
  // Resolve every name first, so a typo in the last one deletes nothing.
  const runs = [];
  for (const key of args.positionals) runs.push(await requireRun(ctx, key));
  for (const m of runs) {
    if (m.status === 'running') {
      throw new CliError(`run ${m.name} is still running`, ExitCode.conflict, `stop it first: runlens stop ${m.id}`);
    }
  }
  for (const m of runs) {
    await ctx.store().delete(m.id);
    ctx.output.out(`moved ${m.name} (${m.id}) to the trash; undo with: runlens restore ${m.id}`);
  }
  return 0;
}

async function restore(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError('restore needs at least one run', 'restore --help');
  const trashed = await ctx.store().listTrash();
  for (const key of args.positionals) {
    const matches = trashed.filter((m) => m.id === key || m.name === key || m.id.startsWith(key));
    const m = matches.find((x) => x.id === key || x.name === key) ?? (matches.length === 1 ? matches[0] : undefined);
    if (!m) {
      throw new NotFoundError(matches.length > 1 ? `"${key}" matches ${matches.length} runs in the trash` : `no run "${key}" in the trash`,
        'list the trash with: runlens trash');
    }
    await ctx.store().restore(m.id);
    ctx.output.out(`restored ${m.name} (${m.id})`);
  }
  return 0;
}

async function trash(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const o = ctx.output;
  if (optFlag(args, 'empty')) {
    const n = await ctx.store().emptyTrash();
    if (optFlag(args, 'json')) printJson(o, { deleted: n });
    else o.out(`deleted ${n} run${n === 1 ? '' : 's'} for good`);
    return 0;
  }
  const runs = await ctx.store().listTrash();
  if (optFlag(args, 'json')) {
    printJson(o, runs);
    return 0;
  }
  if (runs.length === 0) {
    o.err('the trash is empty');
    return 0;
  }
  o.out(table(o, ['ID', 'NAME', 'STATUS', 'EXPERIMENT', 'STARTED'], runs.map((m) => [
    m.id, m.name, m.status, m.experiment ?? '-', formatTime(m.startedAt ?? m.createdAt),
  ])));
  o.out(paint(o, 'dim', 'restore with: runlens restore ID    delete for good with: runlens trash --empty'));
  return 0;
}

/** The `rm` command. */
export const rmCommand: Command = {
  name: 'rm',
  summary: 'move runs to the trash (restorable)',
  usage: 'rm RUN [RUN...]',
  options: [],
  examples: ['runlens rm brave-otter-3 calm-heron-4'],
  run: rm,
};

/** The `restore` command. */
export const restoreCommand: Command = {
  name: 'restore',
  summary: 'bring runs back from the trash',
  usage: 'restore RUN [RUN...]',
  options: [],
  run: restore,
};

/** The `trash` command. */
export const trashCommand: Command = {
  name: 'trash',
  summary: 'list the runs in the trash, or --empty it for good',
  usage: 'trash [--empty] [--json]',
  options: [{ name: 'empty', type: 'boolean', help: 'delete every run in the trash for good' }, JSON_OPTION],
  run: trash,
};
