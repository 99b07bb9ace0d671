// `runlens rename`, `tag`, `star` and `note`: the user's own annotations of a run. They work while
// the run is still going; the supervisor never overwrites them.
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';
import { printJson } from '../output';
import { requireRun } from '../lookup';
import { type RunManifest } from '../../core/model';
import { type RunUpdate } from '../../core/store/store';

async function apply(ctx: CommandContext, key: string, patch: (m: RunManifest) => RunUpdate, json: boolean): Promise<RunManifest> {
  const m = await requireRun(ctx, key);
  let updated: RunManifest;
  try {
    updated = await ctx.store().update(m.id, patch(m));
  } catch (e) {
    const msg = (e as Error).message;
    // The store's validation messages (bad or taken names, empty tags) are the user's to fix.
    if (/name|tag/i.test(msg)) throw new CliError(msg, ExitCode.usage);
    throw e;
  }
  if (json) printJson(ctx.output, updated);
  return updated;
}

function need(args: ParsedArgs, min: number, max: number, command: string): readonly string[] {
  const n = args.positionals.length;
  if (n < min || n > max) throw new UsageError(`wrong number of arguments for ${command}`, `${command} --help`);
  return args.positionals;
}

/** The `rename` command. */
export const renameCommand: Command = {
  name: 'rename',
  summary: 'give a run a new (unique) name',
  usage: 'rename RUN NEW_NAME [--json]',
  options: [JSON_OPTION],
  async run(ctx, args) {
    const [key = '', name = ''] = need(args, 2, 2, 'rename');
    const json = optFlag(args, 'json');
    const m = await apply(ctx, key, () => ({ name }), json);
    if (!json) ctx.output.out(`renamed ${key} to ${m.name}`);
    return 0;
  },
};

/** The `tag` command. */
export const tagCommand: Command = {
  name: 'tag',
  summary: 'add tags to a run (or --remove them)',
  usage: 'tag RUN TAG [TAG...] [--remove] [--json]',
  options: [{ name: 'remove', short: 'r', type: 'boolean', help: 'remove the tags instead of adding them' }, JSON_OPTION],
  async run(ctx, args) {
    const [key = '', ...tags] = need(args, 2, Infinity, 'tag');
    const remove = optFlag(args, 'remove');
    const json = optFlag(args, 'json');
    // Applied by the store to run.json as it is under the run's lock: parallel `tag` calls all land.
    const m = await apply(ctx, key, () => (remove ? { removeTags: tags } : { addTags: tags }), json);
    if (!json) ctx.output.out(`${m.name} tags: ${m.tags.length > 0 ? m.tags.join(', ') : '(none)'}`);
    return 0;
  },
};

/** The `star` command. */
export const starCommand: Command = {
  name: 'star',
  summary: 'star a run (or --off to unstar it)',
  usage: 'star RUN [--off] [--json]',
  options: [{ name: 'off', type: 'boolean', help: 'remove the star' }, JSON_OPTION],
  async run(ctx, args) {
    const [key = ''] = need(args, 1, 1, 'star');
    const json = optFlag(args, 'json');
    const m = await apply(ctx, key, () => ({ starred: !optFlag(args, 'off') }), json);
    if (!json) ctx.output.out(`${m.name} ${m.starred ? 'starred' : 'unstarred'}`);
    return 0;
  },
};

/** The `note` command. */
export const noteCommand: Command = {
  name: 'note',
  summary: "set a run's note (an empty TEXT clears it)",
  usage: 'note RUN TEXT [--json]',
  options: [JSON_OPTION],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const [key = '', ...words] = need(args, 2, Infinity, 'note');
    const json = optFlag(args, 'json');
    const m = await apply(ctx, key, () => ({ note: words.join(' ') }), json);
    if (!json) ctx.output.out(m.note ? `${m.name} note: ${m.note}` : `${m.name} note cleared`);
    return 0;
  },
};
