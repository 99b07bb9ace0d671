// `runlens datasets [PATH]`: every declared dataset and output path with the versions runs recorded
// of it, and whether the workspace differs from the newest one now (docs/lineage.md).
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { NotFoundError, UsageError } from '../errors';
import { formatTime, paint, printJson, table, type Output } from '../output';
import { formatBytes } from '../../core/present/format';
import { HashCache } from '../../core/data/cache';
import { listDatasets, type DatasetInfo } from '../../core/lineage/datasets';
import { loadLineageRecords } from '../../core/lineage/load';
import { workspaceHashes } from '../../core/lineage/status';
import { ensureStore, readFormat, StoreLayout } from '../../core/store/layout';
import { diffDataRefs, formatDataDiff } from './dataDiff';

/** Hash characters shown in the text output. */
const SHORT = 12;

function state(o: Output, d: DatasetInfo): string {
  if (d.missing) return paint(o, 'red', 'gone from the workspace');
  if (d.changed === true) return paint(o, 'yellow', 'changed since the last run');
  return paint(o, 'green', 'as the last run saw it');
}

/** The text report: per path its state, then a table of its versions, newest first. */
export function datasetsText(o: Output, list: readonly DatasetInfo[]): string {
  if (list.length === 0) return paint(o, 'dim', 'No run has recorded a dataset or output yet.');
  const blocks = list.map((d) => {
    const rows = d.versions.map((v) => [
      v.hash.slice(0, SHORT) + (v.inWorkspace ? ' *' : ''), String(v.files), formatBytes(v.bytes), formatTime(v.firstSeen),
      String(v.readBy.length), String(v.wroteBy.length),
    ]);
    return `${paint(o, 'bold', d.spec)}  ${paint(o, 'dim', d.role)}  ${state(o, d)}\n${table(o, ['VERSION', 'FILES', 'SIZE', 'FIRST SEEN', 'READ BY', 'WRITTEN BY'], rows)}`;
  });
  return `${blocks.join('\n\n')}\n\n${paint(o, 'dim', '* the version the workspace holds now')}`;
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  if (args.positionals.length > 1) throw new UsageError('datasets takes at most one path', 'datasets --help');
  const only = args.positionals[0]?.replace(/\\/g, '/').replace(/^\.\//, '');
  const store = ctx.store();
  const layout = new StoreLayout(store.root);
  await readFormat(layout);
  const records = await loadLineageRecords(store);
  const specs = listDatasets(records, undefined, only).map((d) => d.spec);
  if (only !== undefined && specs.length === 0) throw new NotFoundError(`no run declared "${only}" as a dataset or output`, 'runlens datasets lists the declared paths');
  const cache = await HashCache.open(layout.root);
  const problems: string[] = [];
  const now = await workspaceHashes(ctx.workspace(), specs, cache, problems);
  if (specs.length > 0) {
    await ensureStore(layout);
    await cache.save();
  }
  const list = listDatasets(records, now, only);
  // One path asked for and changed: what changed, newest recorded version -> workspace.
  const one = only !== undefined && list.length === 1 ? list[0] : undefined;
  const newest = one?.versions[0];
  const diff = one && newest && one.changed === true && !one.missing
    ? await diffDataRefs(ctx, records, { kind: 'version', spec: one.spec, hash: newest.hash }, { kind: 'workspace', spec: one.spec })
    : undefined;
  if (optFlag(args, 'json')) printJson(ctx.output, diff && one ? [{ ...one, diff }] : list);
  else {
    const changes = diff ? `\n\n${paint(ctx.output, 'bold', 'Changed since the last run')} (newest version -> workspace):\n${formatDataDiff(ctx.output, diff)}` : '';
    ctx.output.out(datasetsText(ctx.output, list) + changes + problems.map((p) => `\nnote: ${p}`).join(''));
  }
  return 0;
}

/** The `datasets` command. */
export const datasetsCommand: Command = {
  name: 'datasets',
  summary: 'list declared datasets and outputs with their recorded versions and the workspace state',
  usage: 'datasets [PATH] [--json]',
  description: [
    'Every path declared as a dataset or output by a recorded run (or only PATH), with each version',
    'runs recorded of it: short hash, files, size, first seen, how many runs read and wrote it. The',
    'workspace is hashed now (through the stat cache) to say whether it still holds the newest version.',
    'With one PATH that changed since the last run, also what changed (as runlens diff PATH@HASH shows',
    'it: files, sizes, rows and columns); --json adds it as "diff".',
  ].join('\n'),
  options: [JSON_OPTION],
  examples: ['runlens datasets', 'runlens datasets data/points.csv --json'],
  run,
};
