// `runlens cache status|gc|push|pull`: the size of the data cache (content-addressed copies of
// `cache: true` datasets), least-recently-used eviction that keeps what only this cache holds, and
// the data remote (cacheRemote.ts).
import { optFlag, optString, type ParsedArgs } from '../args';
import { type Command, type CommandContext, JSON_OPTION } from '../command';
import { UsageError } from '../errors';
import { printJson, formatTime } from '../output';
import { cacheStatus } from '../../core/data/cacheOps';
import { guardedCollect } from '../../core/data/cacheCap';
import { cachePull, cachePush } from './cacheRemote';
import { remoteStatus } from '../../core/remote/status';
import { formatBytes, parseSize } from '../../core/present/format';

async function status(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const s = await cacheStatus(ctx.store().root);
  const { loadConfig } = await import('../../core/config/config.js');
  const config = await loadConfig(ctx.workspace()).catch(() => undefined); // a broken config only hides the remote line
  const remote = config?.remote ? await remoteStatus(ctx.store().root, config.remote) : null;
  if (optFlag(args, 'json')) printJson(ctx.output, { ...s, remote });
  else {
    const iso = (t: number | null): string => (t === null ? '-' : formatTime(new Date(t).toISOString()));
    ctx.output.out([
      `data cache: ${s.dir}`,
      `objects:    ${s.objects}`,
      `size:       ${formatBytes(s.bytes)} (${s.bytes} bytes)`,
      `last used:  ${iso(s.newestUse)} (least recently: ${iso(s.oldestUse)})`,
      ...(s.objects === 0 ? ['(empty: declare a dataset with `cache: true` in runlens.yaml and run it)'] : []),
      remote === null
        ? 'remote:     none (set `remote:` in runlens.yaml to share data; docs/sharing.md)'
        : `remote:     ${remote.remote}: ${remote.known} object(s) known there; ${remote.localOnly} local object(s) not pushed yet`,
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
  const r = await guardedCollect(ctx.store().root, max, { force: optFlag(args, 'force') });
  if (optFlag(args, 'json')) printJson(ctx.output, r);
  else {
    ctx.output.out(`removed ${r.removed} object(s), ${formatBytes(r.removedBytes)}; ${r.objects} left, ${formatBytes(r.bytes)}`);
    if (r.kept > 0) ctx.output.err(`kept ${r.kept} object(s), ${formatBytes(r.keptBytes)}, that local runs need and no data remote holds: push them (runlens cache push) or pass --force to remove them anyway`);
  }
  return 0;
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const [sub, ...extra] = args.positionals;
  const rest = { ...args, positionals: extra };
  if (sub === 'push') return cachePush(ctx, rest);
  if (sub === 'pull') return cachePull(ctx, rest);
  if (extra.length > 0) throw new UsageError(`cache ${sub ?? ''} takes no further arguments`, 'cache --help');
  if (sub === 'status') return status(ctx, args);
  if (sub === 'gc') return gc(ctx, args);
  throw new UsageError(sub === undefined ? 'cache needs a subcommand: status, gc, push or pull' : `unknown cache subcommand "${sub}"; use status, gc, push or pull`, 'cache --help');
}

/** The `cache` command. */
export const cacheCommand: Command = {
  name: 'cache',
  summary: 'show the data cache, shrink it, or share it through a data remote (push/pull)',
  usage: 'cache status [--json] | cache gc --max-size SIZE [--force] [--json] | cache push [REMOTE] [RUN...] [--json] | cache pull [REMOTE] [RUN...] [--outputs] [--json]',
  description: [
    'Datasets declared with `cache: true` in runlens.yaml are copied into the store when a run starts',
    '(copy-on-write clones where the filesystem allows), one copy per distinct content, so',
    '`runlens reproduce` can restore the exact version a run read after the workspace copy changed.',
    'gc removes the least recently used copies until the cache is at most SIZE (K, M, G, T = 1024^n),',
    'keeping those a local run needs that no data remote holds unless --force. The cache is also',
    'capped after each run and pull (dataCache.maxSize in runlens.yaml, default 20G).',
    'push uploads the cached datasets and the outputs of the runs (all, or those named) to the data',
    'remote; pull downloads what the runs read (--outputs: and wrote) into the cache. REMOTE is',
    's3://bucket/prefix or a folder path (absolute or starting with ./); without it, `remote:` from',
    'runlens.yaml is used, and with neither the command refuses. Credentials come from the environment',
    '(AWS_ACCESS_KEY_ID, AWS_PROFILE, ...), never from runlens.yaml. Progress goes to stderr.',
  ].join('\n'),
  options: [
    { name: 'max-size', type: 'string', value: 'SIZE', help: 'gc: the size to shrink the cache to, e.g. 500M, 2G, 0' },
    { name: 'force', type: 'boolean', help: 'gc: also remove objects only this cache holds (local runs then cannot be reproduced on them)' },
    { name: 'outputs', type: 'boolean', help: 'pull: the runs\' outputs too, not only their datasets' },
    JSON_OPTION,
  ],
  examples: ['runlens cache status', 'runlens cache gc --max-size 2G', 'runlens cache push', 'runlens cache pull s3://team-bucket/runlens brave-otter-3'],
  run,
};
