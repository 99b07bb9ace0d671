// `runlens diff A B`: what differs between two runs — params, code (files between the snapshots),
// data (files per dataset and output) and environment — or between two data versions (PATH@HASH,
// dataDiff.ts). A report: exits 0 whenever both sides exist.
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { UsageError } from '../errors';
import { formatParam, paint, printJson, type Output } from '../output';
import { describeRun, requireRun } from '../lookup';
import { type CodeDiff, type CodeSide } from '../../core/compare/code';
import { type DataDiff, type DatasetDiff } from '../../core/compare/data';
import { type EnvironmentDiff, type RecordDiff } from '../../core/compare/records';
import { diffRuns, type RunDiff } from '../../core/compare/runDiff';
import { normalizeSpec, parseVersionRef, type DataRef } from '../../core/lineage/dataRef';
import { loadLineageRecords } from '../../core/lineage/load';
import { readFormat, StoreLayout } from '../../core/store/layout';
import { diffDataRefs, formatDataDiff } from './dataDiff';

/** File paths listed per kind of change in the text output; --json lists them all. */
const MAX_LISTED = 20;
/** Hash characters shown in the text output. */
const SHORT = 12;

function section(o: Output, title: string, body: string[]): string[] {
  return ['', paint(o, 'bold', title), ...(body.length > 0 ? body : [paint(o, 'dim', '  (no differences)')])];
}

/** `+ name value`, `- name value`, `~ name a -> b` lines of a record diff. */
function recordLines<T>(o: Output, d: RecordDiff<T>, show: (v: T) => string, prefix = ''): string[] {
  return [
    ...d.changed.map((c) => `  ${paint(o, 'yellow', '~')} ${prefix}${c.name}  ${show(c.a)} -> ${show(c.b)}`),
    ...d.added.map((c) => `  ${paint(o, 'green', '+')} ${prefix}${c.name}  ${show(c.value)}  ${paint(o, 'dim', '(only in B)')}`),
    ...d.removed.map((c) => `  ${paint(o, 'red', '-')} ${prefix}${c.name}  ${show(c.value)}  ${paint(o, 'dim', '(only in A)')}`),
  ];
}

/** At most MAX_LISTED entries, then how many more. */
function capped(lines: string[], indent: string): string[] {
  if (lines.length <= MAX_LISTED) return lines;
  return [...lines.slice(0, MAX_LISTED), `${indent}... and ${lines.length - MAX_LISTED} more (--json lists all)`];
}

function commitText(s: CodeSide | null): string {
  if (!s) return 'no code record';
  if (!s.commit) return `no commit (${s.status})`;
  const where = s.branch ?? 'detached';
  return `${s.commit.slice(0, SHORT)} (${where}${s.dirty ? ', dirty' : ''})`;
}

function codeLines(o: Output, c: CodeDiff): string[] {
  const lines: string[] = [];
  if (!c.sameCommit || c.files === null) lines.push(`  commit  ${commitText(c.a)} -> ${commitText(c.b)}`);
  else if (c.files.length > 0) lines.push(`  commit  ${c.a?.commit?.slice(0, SHORT) ?? '-'} in both: their uncommitted changes differ`);
  if (c.files && c.files.length > 0) {
    lines.push(`  ${c.files.length} file(s) differ between the ${c.compared === 'snapshots' ? 'snapshots' : 'commits'}:`);
    const style = { A: 'green', D: 'red', M: 'yellow', R: 'cyan' } as const;
    lines.push(...capped(c.files.map((f) => `    ${paint(o, style[f.status], f.status)}  ${f.oldPath !== undefined ? `${f.oldPath} -> ` : ''}${f.path}`), '    '));
  }
  if (lines.length > 0 && c.files !== null && c.files.length === 0) lines.push(paint(o, 'dim', '  no file differs between the snapshots'));
  lines.push(...c.notes.map((n) => `  ${paint(o, 'yellow', 'note:')} ${n}`));
  return lines;
}

function datasetLines(o: Output, kind: string, d: DatasetDiff): string[] {
  const hash = (h: string | undefined): string => (h === undefined ? '-' : h.slice(0, SHORT));
  const head = `  ${kind} ${d.spec}`;
  switch (d.change) {
    case 'same': return [`${head}  ${paint(o, 'dim', `same (${hash(d.a?.hash)})`)}`];
    case 'added': return [`${head}  ${paint(o, 'green', 'only in B')}`];
    case 'removed': return [`${head}  ${paint(o, 'red', 'only in A')}`];
    case 'changed': break;
  }
  const lines = [`${head}  ${paint(o, 'yellow', 'changed')} ${hash(d.a?.hash)} -> ${hash(d.b?.hash)}${d.b?.missing ? ' (missing in B)' : d.a?.missing ? ' (missing in A)' : ''}`];
  if (d.files) {
    const f = d.files;
    lines.push(...capped([
      ...f.added.map((p) => `    ${paint(o, 'green', 'added')}     ${p}`),
      ...f.removed.map((p) => `    ${paint(o, 'red', 'removed')}   ${p}`),
      ...f.modified.map((p) => `    ${paint(o, 'yellow', 'modified')}  ${p}`),
    ], '    '));
  }
  if (d.note) lines.push(`    ${paint(o, 'yellow', 'note:')} ${d.note}`);
  return lines;
}

function dataLines(o: Output, d: DataDiff): string[] {
  const lines: string[] = [];
  if (!d.hashing.a && !d.hashing.b) return [paint(o, 'dim', '  neither run hashed its data (--no-hash, or recorded without data links)')];
  if (d.hashing.a !== d.hashing.b) lines.push(`  hashing  ${d.hashing.a ? 'on' : 'off'} -> ${d.hashing.b ? 'on' : 'off'}`);
  const all = [...d.datasets.map((x) => datasetLines(o, 'dataset', x)), ...d.outputs.map((x) => datasetLines(o, 'output', x))].flat();
  // Every spec is listed, "same" ones included, unless nothing differs at all.
  return d.hashing.a === d.hashing.b && [...d.datasets, ...d.outputs].every((x) => x.change === 'same') ? [] : [...lines, ...all];
}

function environmentLines(o: Output, e: EnvironmentDiff): string[] {
  return [
    ...recordLines(o, e.versions, String),
    ...recordLines(o, e.env, String, 'env '),
    ...(e.host ? [`  ${paint(o, 'yellow', '~')} host  ${e.host.a ?? '-'} -> ${e.host.b ?? '-'}`] : []),
  ];
}

/** The diff as text for people. */
export function formatDiff(o: Output, d: RunDiff, a: string, b: string): string {
  const lines = [`A: ${a}`, `B: ${b}`];
  if (d.identical) lines.push(paint(o, 'green', 'no differences in params, code, data or environment'));
  lines.push(...section(o, 'Params', recordLines(o, d.params, formatParam)));
  lines.push(...section(o, 'Code', codeLines(o, d.code)));
  lines.push(...section(o, 'Data', dataLines(o, d.data)));
  lines.push(...section(o, 'Environment', environmentLines(o, d.environment)));
  for (const p of d.problems) lines.push(`${paint(o, 'yellow', 'warning:')} ${p}`);
  return lines.join('\n');
}

/** The two data references of a data diff, or null when the arguments name runs. */
async function dataArgs(ctx: CommandContext, pos: readonly string[]): Promise<[DataRef, DataRef] | null> {
  if (pos.length < 1 || pos.length > 2) return null;
  const store = ctx.store();
  // A run may be named like PATH@HASH: an argument that names a run is a run.
  const ref = async (arg: string): Promise<DataRef | null> => (parseVersionRef(arg) && !(await store.getRun(arg)) ? parseVersionRef(arg) : null);
  const ra = await ref(pos[0] as string);
  const rb = pos[1] === undefined ? null : await ref(pos[1]);
  if (ra === null && rb === null) return null;
  const a: DataRef = ra ?? { kind: 'workspace', spec: normalizeSpec(pos[0] as string) };
  const b: DataRef = rb ?? { kind: 'workspace', spec: pos[1] === undefined ? a.spec : normalizeSpec(pos[1]) };
  return [a, b];
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  const data = await dataArgs(ctx, args.positionals);
  if (data) {
    await readFormat(new StoreLayout(ctx.store().root));
    const d = await diffDataRefs(ctx, await loadLineageRecords(ctx.store()), data[0], data[1]);
    if (optFlag(args, 'json')) printJson(ctx.output, d);
    else ctx.output.out(formatDataDiff(ctx.output, d));
    return 0;
  }
  if (args.positionals.length !== 2) throw new UsageError('diff takes exactly two runs (id, name or id prefix), or data versions as PATH@HASH', 'diff --help');
  const [ka, kb] = args.positionals as [string, string];
  const a = await requireRun(ctx, ka);
  const b = await requireRun(ctx, kb);
  const store = ctx.store();
  const d = await diffRuns(ctx.workspace(), { manifest: a, dir: store.runDir(a.id) }, { manifest: b, dir: store.runDir(b.id) });
  if (optFlag(args, 'json')) printJson(ctx.output, d);
  else ctx.output.out(formatDiff(ctx.output, d, describeRun(ctx.output, a), describeRun(ctx.output, b)));
  return 0;
}

/** The `diff` command. */
export const diffCommand: Command = {
  name: 'diff',
  summary: 'what differs between two runs (params, code, data, environment) or two data versions',
  usage: 'diff RUN_A RUN_B [--json] | diff PATH@HASH [PATH@HASH|PATH] [--json]',
  description: [
    'Compares run A (before) with run B (after): params added, removed or changed; the commit and the',
    'files that differ between the two code snapshots; per dataset and output, the same hash or the',
    'files added, removed and modified; tool versions, config env variables and host.',
    'Data versions: PATH@HASH names a version some run recorded under PATH (HASH: 6+ hex digits of its',
    'dataset hash, as runlens datasets shows it); a plain PATH, or nothing after one PATH@HASH, is what',
    'the workspace holds there now. Lists files added, removed, changed and renamed (same content, new',
    'path) with sizes; for CSV, TSV and JSON Lines files also row counts and columns added, removed or',
    'retyped, read from the data cache (or the workspace when it holds that content).',
    'Exits 0 whenever both sides exist, whatever differs (3 when a run or version is not found).',
  ].join('\n'),
  options: [JSON_OPTION],
  examples: ['runlens diff brave-otter-3 calm-heron-4', 'runlens diff a1b2 c3d4 --json', 'runlens diff data/raw.csv@1a2b3c4d', 'runlens diff data/raw@1a2b3c4d data/raw@5e6f7a8b --json'],
  run,
};
