// `runlens drift REF CUR`: does CUR still look like REF? Each side is a file, folder or glob of the
// workspace, or the data a run read (RUN or RUN:DATASET). Per column the test Evidently would pick,
// with sample sizes and an effect size; exit 9 when the dataset counts as shifted (a CI gate).
import { optFlag, optString, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { CliError, ExitCode, NotFoundError, UsageError } from '../errors';
import { paint, printJson } from '../output';
import { driftText } from '../profileText';
import { HashCache } from '../../core/data/cache';
import { DatasetMissingError, DatasetSpecError } from '../../core/data/types';
import { compareProfiles } from '../../core/drift/drift';
import { DataRefError, profileRef, type ProfiledSide } from '../../core/drift/reference';
import { type DriftOptions } from '../../core/drift/types';
import { debugSink } from '../../core/errors';
import { ProfileStore } from '../../core/profile/profileStore';
import { ensureStore, readFormat, StoreLayout } from '../../core/store/layout';

/** `--share` as a number in (0, 1]. */
export function shareOption(args: ParsedArgs, command: string): Partial<DriftOptions> {
  const raw = optString(args, 'share');
  if (raw === undefined) return {};
  const v = Number(raw);
  if (!(v > 0 && v <= 1)) throw new UsageError(`--share must be a number in (0, 1], not "${raw}"`, `${command} --help`);
  return { datasetShare: v };
}

/** Turns the errors of resolving a side into the CLI's. */
export async function side(run: () => Promise<ProfiledSide>, ref: string, workspace: string): Promise<ProfiledSide> {
  try {
    const s = await run();
    if (!s.data.profile) {
      const why = s.data.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
      throw new CliError(`${s.label}: nothing to compare${why ? ` (${why})` : ' (no CSV, TSV, JSON Lines or Parquet file)'}`, ExitCode.dataMissing);
    }
    return s;
  } catch (e) {
    if (e instanceof DataRefError) throw new NotFoundError(e.message, e.hint);
    if (e instanceof DatasetMissingError) throw new CliError(`"${ref}" does not exist: nothing in the workspace matches it`, ExitCode.dataMissing, `paths are relative to the workspace ${workspace}`);
    if (e instanceof DatasetSpecError) throw new UsageError(e.message);
    throw e;
  }
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  if (args.positionals.length !== 2) throw new UsageError('drift needs a reference and a current dataset', 'drift --help');
  const [refArg, curArg] = args.positionals as [string, string];
  const options = shareOption(args, 'drift');
  const o = ctx.output;
  const workspace = ctx.workspace();
  const store = ctx.store();
  const layout = new StoreLayout(store.root);
  await readFormat(layout);
  await ensureStore(layout);
  const hashCache = await HashCache.open(layout.root);
  const opts = { hashCache, store: new ProfileStore(layout.root, debugSink((l) => o.err(l))) };
  const ref = await side(() => profileRef(workspace, store, refArg, opts), refArg, workspace);
  const cur = await side(() => profileRef(workspace, store, curArg, opts), curArg, workspace);
  await hashCache.save();
  const report = compareProfiles(ref.data.profile!, cur.data.profile!, options);
  if (optFlag(args, 'json')) printJson(o, { ...report, reference: { label: ref.label, ...report.reference }, current: { label: cur.label, ...report.current } });
  else {
    o.out(driftText(o, report, ref.label, cur.label));
    for (const s of [ref, cur]) for (const p of s.data.problems) o.out(`${paint(o, 'yellow', 'warning')}  ${s.label}: ${p.path}: ${p.message}`);
  }
  return report.shifted ? ExitCode.shifted : 0;
}

/** The `drift` command. */
export const driftCommand: Command = {
  name: 'drift',
  summary: 'does one dataset still look like another? per-column drift tests (exit 9 when shifted)',
  usage: 'drift REF CUR [--json] [--share X]',
  description: [
    'REF and CUR are each a file, folder or glob of the workspace (CSV, TSV, JSON Lines, Parquet), or the data a',
    'run read: RUN (id, name or id prefix) or RUN:DATASET when it read several. Numeric columns: KS test',
    '(p < 0.05) when both sides have at most 1,000 values, else Wasserstein distance / reference std',
    '(≥ 0.1); categorical: chi-squared (p < 0.05) or Jensen–Shannon distance (≥ 0.1); PSI for all',
    '(docs/data-shift.md). The dataset is shifted when at least half its columns drift (--share).',
    'Exit 9 when shifted, 0 when not, 6 when a side has no data, 3 when a run is unknown.',
  ].join('\n'),
  options: [JSON_OPTION, { name: 'share', type: 'string', value: 'X', help: 'share of drifted columns that makes the dataset shifted (default 0.5)' }],
  examples: ['runlens drift data/train.csv data/incoming/today.csv', 'runlens drift baseline-run data/incoming --json'],
  run,
};
