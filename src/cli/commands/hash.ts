// `runlens hash PATH...`: hashes files, folders or globs of the workspace exactly as a run hashes its
// datasets (same specs, same manifests, same stat cache), so a user can see a dataset's hash, and
// whether it changed, without starting a run.
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';
import { paint, printJson, table, type Output } from '../output';
import { HashCache } from '../../core/data/cache';
import { hashDatasets, type HashResult } from '../../core/data/hash';
import { DatasetMissingError, DatasetSpecError, type DatasetManifest, type HashProgress } from '../../core/data/types';
import { summarize } from '../../core/runner/links';
import { ensureStore, readFormat, StoreLayout } from '../../core/store/layout';
import { formatBytes } from '../../core/present/format';

/** Per-file problems listed per spec in the text output. */
const MAX_LISTED = 10;

/** Progress on stderr, redrawn in place; only on a terminal so pipes and logs stay clean. */
function progressLine(o: Output): { update(p: HashProgress): void; clear(): void } | undefined {
  if (!o.tty) return undefined;
  let drawn = false;
  return {
    update(p) {
      drawn = true;
      const mb = (n: number): string => (n / 1e6).toFixed(1);
      process.stderr.write(`\r\x1b[2K${paint(o, 'dim', `hashing: ${p.files}/${p.totalFiles} files, ${mb(p.bytes)}/${mb(p.totalBytes)} MB`)}`);
    },
    clear() {
      if (drawn) process.stderr.write('\r\x1b[2K');
    },
  };
}

function issues(m: DatasetManifest): string {
  const parts = [
    ...(m.errors.length > 0 ? [`${m.errors.length} error(s)`] : []),
    ...(m.skipped.length > 0 ? [`${m.skipped.length} skipped`] : []),
    ...(m.links.length > 0 ? [`${m.links.length} symlink(s)`] : []),
  ];
  return parts.join(', ') || '-';
}

/** The text report: one row per spec, its problems, then a summary line. */
function report(o: Output, result: HashResult, ms: number): string {
  const rows = result.manifests.map((m) => [m.spec, m.hash, String(m.files.length), formatBytes(m.bytes), issues(m)]);
  const lines = [table(o, ['SPEC', 'HASH', 'FILES', 'SIZE', 'ISSUES'], rows)];
  for (const m of result.manifests) {
    const problems = [
      ...m.errors.map((e) => `  ${paint(o, 'red', 'error')}    ${e.path}: ${e.message}`),
      ...m.skipped.map((s) => `  ${paint(o, 'dim', 'skipped')}  ${s.path}: ${s.reason}`),
    ];
    if (problems.length === 0) continue;
    lines.push('', `${m.spec}:`, ...problems.slice(0, MAX_LISTED));
    if (problems.length > MAX_LISTED) lines.push(`  ... and ${problems.length - MAX_LISTED} more (--json --files lists all)`);
  }
  const files = result.manifests.reduce((s, m) => s + m.files.length, 0);
  const bytes = result.manifests.reduce((s, m) => s + m.bytes, 0);
  const { filesHashed, cacheHits } = result.stats;
  lines.push('', paint(o, 'dim', `${result.manifests.length} spec(s), ${files} file(s), ${formatBytes(bytes)}: ` +
    `${filesHashed} read, ${cacheHits} unchanged (from the cache), in ${(ms / 1000).toFixed(2)} s`));
  return lines.join('\n');
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError('hash needs at least one path, folder or glob', 'hash --help');
  if (optFlag(args, 'files') && !optFlag(args, 'json')) throw new UsageError('--files only applies with --json', 'hash --help');
  const o = ctx.output;
  const workspace = ctx.workspace();
  // The cache lives in the store; a store is created properly (format file, .gitignore) before it.
  const layout = new StoreLayout(ctx.store().root);
  await readFormat(layout);
  const cache = await HashCache.open(layout.root);
  const progress = progressLine(o);
  const started = performance.now();
  let result: HashResult;
  try {
    result = await hashDatasets(workspace, args.positionals, { cache, onProgress: progress && ((p) => progress.update(p)) });
  } catch (e) {
    if (e instanceof DatasetMissingError) {
      throw new CliError(`"${e.spec}" does not exist: nothing in the workspace matches it`, ExitCode.dataMissing, `paths are relative to the workspace ${workspace}`);
    }
    if (e instanceof DatasetSpecError) throw new UsageError(e.message, 'hash --help');
    throw e;
  } finally {
    progress?.clear();
  }
  const ms = performance.now() - started;
  await ensureStore(layout);
  await cache.save();
  if (optFlag(args, 'json')) printJson(o, optFlag(args, 'files') ? result.manifests : result.manifests.map(summarize));
  else o.out(report(o, result, ms));
  return 0;
}

/** The `hash` command. */
export const hashCommand: Command = {
  name: 'hash',
  summary: 'hash files, folders or globs of the workspace as a run hashes its datasets',
  usage: 'hash PATH... [--json [--files]]',
  description: [
    'Each PATH is a file, a folder or a glob (*, ?, **, {a,b}) relative to the workspace, as in the',
    'datasets: of runlens.yaml. Prints per path the dataset hash (SHA-256 over the sorted per-file',
    'manifest, docs/data-hashing.md), files, size, unreadable and skipped entries. Unchanged files come',
    'from the stat cache in .runlens/cache. Exit 6 when a path does not exist, 2 when it leaves the workspace.',
  ].join('\n'),
  options: [
    JSON_OPTION,
    { name: 'files', type: 'boolean', help: 'with --json: the full manifests, every file with its size and SHA-256' },
  ],
  examples: ['runlens hash data/train.csv', 'runlens hash data "images/**/*.png" --json', 'runlens hash data --json --files'],
  run,
};
