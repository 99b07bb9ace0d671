// `runlens profile FILE|DATASET`: column statistics of a CSV/TSV, JSON Lines or Parquet file, or of a
// folder/glob of them merged, computed once per content hash and kept in .runlens/cache/profiles.
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { CliError, ExitCode, UsageError } from '../errors';
import { paint, printJson } from '../output';
import { profileSummary, profileText } from '../profileText';
import { HashCache } from '../../core/data/cache';
import { DatasetMissingError, DatasetSpecError } from '../../core/data/types';
import { profileDataset, type DatasetProfile } from '../../core/profile/dataset';
import { ProfileStore } from '../../core/profile/profileStore';
import { ensureStore, readFormat, StoreLayout } from '../../core/store/layout';
import { debugSink } from '../../core/errors';

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError('profile needs exactly one file, folder or glob', 'profile --help');
  const spec = args.positionals[0] as string;
  const o = ctx.output;
  const workspace = ctx.workspace();
  const layout = new StoreLayout(ctx.store().root);
  await readFormat(layout);
  await ensureStore(layout);
  const hashCache = await HashCache.open(layout.root);
  let result: DatasetProfile;
  try {
    result = await profileDataset(workspace, spec, { hashCache, store: new ProfileStore(layout.root, debugSink((l) => o.err(l))), refresh: optFlag(args, 'refresh') });
  } catch (e) {
    if (e instanceof DatasetMissingError) throw new CliError(`"${spec}" does not exist: nothing in the workspace matches it`, ExitCode.dataMissing, `paths are relative to the workspace ${workspace}`);
    if (e instanceof DatasetSpecError) throw new UsageError(e.message, 'profile --help');
    throw e;
  }
  await hashCache.save();
  if (optFlag(args, 'json')) {
    printJson(o, {
      spec, hash: result.manifest.hash,
      files: result.files.map((f) => ({ path: f.path, sha256: f.profile.sha256, cached: f.cached })),
      problems: result.problems,
      profile: result.profile ? profileSummary(result.profile) : null,
    });
    return 0;
  }
  if (!result.profile) {
    o.out(paint(o, 'yellow', `${spec}: no CSV, TSV, JSON Lines or Parquet file to profile`));
  } else {
    const p = result.profile;
    const from = result.files.length > 1 ? `${result.files.length} files merged, ` : '';
    o.out(`${spec}  ${p.sha256.slice(0, 12)}  ${p.rows} rows, ${p.columns.length} columns (${from}${result.files.every((f) => f.cached) ? 'stored profile' : 'profiled now'})`);
    o.out(profileText(o, p));
  }
  for (const pr of result.problems) o.out(`${paint(o, 'red', 'error')}  ${pr.path}: ${pr.message}`);
  return 0;
}

/** The `profile` command. */
export const profileCommand: Command = {
  name: 'profile',
  summary: 'column statistics of a CSV/TSV/JSON Lines/Parquet file, folder or glob (stored per content hash)',
  usage: 'profile FILE|DATASET [--json] [--refresh]',
  description: [
    'Per column: type, count, missing, distinct values, min/mean/std/max, quantiles, a histogram and the',
    'most frequent categories (docs/data-shift.md). A folder or glob gets one profile per file, merged.',
    'Each file version is profiled once: the profile is kept in .runlens/cache/profiles/<sha256>.json.',
    'Malformed rows are warnings, never failures. Exit 6 when the path does not exist.',
  ].join('\n'),
  options: [JSON_OPTION, { name: 'refresh', type: 'boolean', help: 'profile again even when a stored profile exists' }],
  examples: ['runlens profile data/train.csv', 'runlens profile "data/incoming/*.csv" --json'],
  run,
};
