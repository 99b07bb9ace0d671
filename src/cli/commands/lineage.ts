// `runlens lineage RUN|PATH`: where a run, file or data version came from (--up) and what it
// affected (--down), by content hash, so renamed or copied files are still found (docs/lineage.md).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { NotFoundError, UsageError } from '../errors';
import { paint, printJson, type Output } from '../output';
import { HashCache } from '../../core/data/cache';
import { buildLineage } from '../../core/lineage/graph';
import { loadLineageRecords } from '../../core/lineage/load';
import { dataLineage, runLineage, topologicalRuns, type DataTarget, type Direction } from '../../core/lineage/query';
import { nodeLabel, toDot, toMermaid } from '../../core/lineage/render';
import { resolveDataTarget } from '../../core/lineage/target';
import { dataNodeId, type LineageGraph, type LineageRunRecord } from '../../core/lineage/types';
import { readFormat, StoreLayout } from '../../core/store/layout';

/** What a data argument matches: its content now when it exists, else every version recorded under it. */
function dataTarget(ctx: CommandContext, records: readonly LineageRunRecord[], arg: string): Promise<DataTarget> {
  return resolveDataTarget(ctx.workspace(), records, arg, () => HashCache.open(new StoreLayout(ctx.store().root).root));
}

/** The text report: the runs in order (producers first), each with what it read and wrote. */
function text(o: Output, g: LineageGraph): string {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const lines: string[] = [];
  for (const id of topologicalRuns(g)) {
    const node = byId.get(`run:${id}`);
    if (!node) continue;
    lines.push(`${paint(o, 'bold', nodeLabel(node))}  ${paint(o, 'dim', id)}`);
    for (const e of g.edges) {
      if (e.kind === 'read' && e.to === node.id) lines.push(`    read   ${nodeLabel(byId.get(e.from) ?? node)}`);
      if (e.kind === 'wrote' && e.from === node.id) lines.push(`    wrote  ${nodeLabel(byId.get(e.to) ?? node)}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') : paint(o, 'dim', 'No run read or wrote it.');
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const [arg, ...rest] = args.positionals;
  if (arg === undefined || rest.length > 0) throw new UsageError('lineage needs one run, path or hash', 'lineage --help');
  const up = optFlag(args, 'up');
  const down = optFlag(args, 'down');
  const formats = ['json', 'dot', 'mermaid'].filter((f) => optFlag(args, f));
  if (formats.length > 1) throw new UsageError(`choose one of --json, --dot, --mermaid (got --${formats.join(', --')})`, 'lineage --help');
  const direction: Direction = up === down ? 'both' : up ? 'up' : 'down';
  const store = ctx.store();
  await readFormat(new StoreLayout(store.root));
  const includeTrash = optFlag(args, 'trash');
  const records = await loadLineageRecords(store, { includeTrash });
  const graph = buildLineage(records, { includeTrash });
  const m = existsSync(resolve(ctx.workspace(), arg)) ? undefined : await store.getRun(arg);
  let answer: LineageGraph;
  if (m) {
    answer = runLineage(graph, m.id, direction);
  } else {
    const target = await dataTarget(ctx, records, arg);
    const present = [...target.hashes].some((h) => graph.nodes.some((n) => n.id === dataNodeId(h)));
    if (!present && target.files.size === 0) throw new NotFoundError(`no run and no recorded data matches "${arg}"`, 'give a run id or name, a workspace path, or a hash prefix');
    answer = dataLineage(graph, records, target, direction);
  }
  const o = ctx.output;
  if (formats[0] === 'json') printJson(o, answer);
  else if (formats[0] === 'dot') o.out(toDot(answer));
  else if (formats[0] === 'mermaid') o.out(toMermaid(answer));
  else o.out(text(o, answer));
  return 0;
}

/** The `lineage` command. */
export const lineageCommand: Command = {
  name: 'lineage',
  summary: 'show where a run, file or data version came from and what it affected',
  usage: 'lineage RUN|PATH|HASH [--up|--down] [--json|--dot|--mermaid] [--trash]',
  description: [
    'For a run: the runs upstream of it (that produced its inputs) and downstream (that read its',
    'outputs). For a path: what its current content is linked to, found by content hash (so renamed',
    'and copied files are found too); a path that no longer exists means every version recorded under',
    'it. A hash prefix (8+ hex digits) names a data version or a file. Exit 3 when nothing matches.',
  ].join('\n'),
  options: [
    { name: 'up', type: 'boolean', help: 'only upstream: where it came from' },
    { name: 'down', type: 'boolean', help: 'only downstream: what it affected' },
    JSON_OPTION,
    { name: 'dot', type: 'boolean', help: 'print a Graphviz DOT graph' },
    { name: 'mermaid', type: 'boolean', help: 'print a Mermaid flowchart' },
    { name: 'trash', type: 'boolean', help: 'include runs in the trash (flagged)' },
  ],
  examples: ['runlens lineage outputs/model.json --up', 'runlens lineage data/points.csv --down --dot', 'runlens lineage brave-otter-12 --mermaid'],
  run,
};
