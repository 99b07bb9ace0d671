// `runlens cache status` and `runlens cache gc --max-size SIZE`: the size of the data cache
// (content-addressed copies of `cache: true` datasets) and least-recently-used eviction.
import { optFlag, optString, type ParsedArgs } from '../args';
import { type Command, type CommandContext, JSON_OPTION } from '../command';
import { UsageError } from '../errors';
import { printJson, formatTime } from '../output';
import { cacheStatus, collectCache } from '../../core/data/cacheOps';
import { formatBytes, parseSize } from '../../core/present/format';

async function status(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const s = await cacheStatus(ctx.store().root);
  if (optFlag(args, 'json')) printJson(ctx.output, s);
  else {
    const iso = (t: number | null): string => (t === null ? '-' : formatTime(new Date(t).toISOString()));
    ctx.output.out([
      `data cache: ${s.dir}`,
      `objects:    ${s.objects}`,
      `size:       ${formatBytes(s.bytes)} (${s.bytes} bytes)`,
      `last used:  ${iso(s.newestUse)} (least recently: ${iso(s.oldestUse)})`,
      ...(s.objects === 0 ? ['(empty: declare a dataset with `cache: true` in runlens.yaml and run it)'] : []),
    ].join('\n'));
  }
  return 0;
}

async function gc(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const text = optString(args, 'max-size');
  if (text === undefined) throw new UsageError('cache gc needs --max-size SIZE (e.g. 500M, 2G, 0 to empty the cache)', 'cache --help');
  let max: number;
  try {
    max = parseSize(text);
  } catch (e) {
    throw new UsageError(`--max-size: ${(e as Error).message}`, 'cache --help');
  }
  const r = await collectCache(ctx.store().root, max);
  if (optFlag(args, 'json')) printJson(ctx.output, r);
  else ctx.output.out(`removed ${r.removed} object(s), ${formatBytes(r.removedBytes)}; ${r.objects} left, ${formatBytes(r.bytes)}`);
  return 0;
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const [sub, ...extra] = args.positionals;
  if (extra.length > 0) throw new UsageError(`cache ${sub ?? ''} takes no further arguments`, 'cache --help');
  if (sub === 'status') return status(ctx, args);
  if (sub === 'gc') return gc(ctx, args);
  throw new UsageError(sub === undefined ? 'cache needs a subcommand: status or gc' : `unknown cache subcommand "${sub}"; use status or gc`, 'cache --help');
}

/** The `cache` command. */
export const cacheCommand: Command = {
  name: 'cache',
  summary: 'show the data cache (copies of cache: true datasets) or shrink it',
  usage: 'cache status [--json] | cache gc --max-size SIZE [--json]',
  description: [
    'Datasets declared with `cache: true` in runlens.yaml are copied into the store when a run starts',
    '(copy-on-write clones where the filesystem allows), one copy per distinct content, so',
    '`runlens reproduce` can restore the exact version a run read after the workspace copy changed.',
    'gc removes the least recently used copies until the cache is at most SIZE (K, M, G, T = 1024^n).',
  ].join('\n'),
  options: [{ name: 'max-size', type: 'string', value: 'SIZE', help: 'gc: the size to shrink the cache to, e.g. 500M, 2G, 0' }, JSON_OPTION],
  examples: ['runlens cache status', 'runlens cache gc --max-size 2G'],
  run,
};
