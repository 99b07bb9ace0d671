// `runlens show RUN`: one run in full — what ran, where, how it ended, its params, a summary of
// every metric, and its code and data links. `--json` prints the manifest exactly as stored
// (docs/store-format.md).
import { resolve } from 'node:path';
import { optFlag, type ParsedArgs } from '../args';
import { JSON_OPTION, type Command, type CommandContext } from '../command';
import { UsageError } from '../errors';
import { formatDuration, formatNumber, formatParam, formatTime, paint, printJson, table, type Output } from '../output';
import { describeRun, requireRun } from '../lookup';
import { formatBytes } from '../../core/present/format';
import { readCodeRecord } from '../../core/compare/runFiles';
import { type CodeLink } from '../../core/git/capture';
import { isLoggedParam } from '../../core/params/logged';
import { MAX_PATHS_IN_MANIFEST } from '../../core/runner/links';
import { type DatasetSummary, type RunManifest } from '../../core/model';
import { verdictLines } from '../../core/reproduce/report';
import { loadVerdict } from '../../core/reproduce/verdict';
import { describeReproduction, ReproductionIndex, verdictMark } from '../../core/reproduce/reproductions';

/** An argv as a user could paste it into a POSIX shell. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

function endLine(m: RunManifest): string | undefined {
  if (m.exitCode !== null) return `exit code ${m.exitCode}`;
  if (m.signal !== null) return `signal ${m.signal}`;
  return undefined;
}

/** Characters of a hash shown in tables. */
const SHORT_HASH = 12;

function linkField(o: Output, k: string, v: string): string {
  return `${paint(o, 'dim', `${k}:`.padEnd(12))}${v}`;
}

/** The "Code" section: commit, branch, remote, dirty state, snapshot, and what went wrong. */
export function codeSection(o: Output, c: CodeLink | null, counts: { changed: number; untracked: number }, runDir: string): string[] {
  const lines = ['', paint(o, 'bold', 'Code')];
  if (!c) return [...lines, '  (not recorded)'];
  if (c.status !== 'ok') lines.push(linkField(o, 'status', paint(o, 'yellow', `${c.status}${c.message ? `: ${c.message}` : ''}`)));
  if (c.commit) lines.push(linkField(o, 'commit', `${c.commit} ${c.detached ? '(detached HEAD)' : c.branch ? `on ${c.branch}` : ''}`.trimEnd()));
  else if (c.branch) lines.push(linkField(o, 'branch', c.branch));
  if (c.remote) lines.push(linkField(o, 'remote', c.remote));
  if (c.commit || c.snapshot) {
    const what = [counts.changed > 0 ? `${counts.changed} changed` : '', counts.untracked > 0 ? `${counts.untracked} untracked` : ''].filter(Boolean).join(', ');
    lines.push(linkField(o, 'dirty', c.dirty ? paint(o, 'yellow', `yes (${what || 'changes'} file(s))`) : 'no'));
  }
  if (c.snapshot) {
    lines.push(linkField(o, 'snapshot', `${c.snapshot.commit} ${paint(o, 'dim', `${c.snapshot.ref}, ${c.snapshot.files} file(s)`)}`));
    const sk = c.snapshot.skipped;
    if (sk.length > 0) {
      const shown = sk.slice(0, 5).map((f) => `${f.path} (${formatBytes(f.size)}, ${f.reason})`).join(', ');
      lines.push(linkField(o, 'skipped', `${sk.length} file(s) left out of the snapshot: ${shown}${sk.length > 5 ? ', ...' : ''}`));
    }
  }
  // Relative to the run's directory (older stores recorded an absolute path).
  if (c.patchFile) lines.push(linkField(o, 'patch', resolve(runDir, c.patchFile)));
  if (c.shallow) lines.push(linkField(o, 'shallow', 'yes (shallow clone)'));
  if (c.worktree) lines.push(linkField(o, 'worktree', 'yes (linked worktree)'));
  for (const s of c.submodules) lines.push(linkField(o, 'submodule', `${s.path} ${s.commit}${s.dirty ? ' (dirty)' : ''}`));
  for (const w of c.warnings) lines.push(`${paint(o, 'yellow', 'warning:')} ${w}`);
  return lines;
}

function dataRow(kind: string, d: DatasetSummary): string[] {
  const notes = [d.missing ? 'missing' : '', d.errors > 0 ? `${d.errors} error(s)` : '', d.skipped > 0 ? `${d.skipped} skipped` : ''].filter(Boolean);
  return [kind, d.spec, d.missing ? '-' : d.hash.slice(0, SHORT_HASH), String(d.files), formatBytes(d.bytes), notes.join(', ') || '-'];
}

/** The "Data" section: each dataset and output with its short hash, files and size, then warnings. */
export function dataSection(o: Output, m: RunManifest): string[] {
  const lines = ['', paint(o, 'bold', 'Data')];
  const d = m.data;
  if (!d) return [...lines, '  (not recorded)'];
  if (!d.hashing) lines.push('  hashing was off for this run (--no-hash or RUNLENS_NO_HASH)');
  const rows = [...d.datasets.map((x) => dataRow('dataset', x)), ...d.outputs.map((x) => dataRow('output', x))];
  if (rows.length > 0) lines.push(table(o, ['KIND', 'SPEC', 'HASH', 'FILES', 'SIZE', 'ISSUES'], rows));
  else if (d.hashing) lines.push(m.endedAt === null ? '  (no datasets declared; outputs are hashed when the run ends)' : '  (no datasets or outputs declared)');
  for (const w of d.warnings) lines.push(`${paint(o, 'yellow', 'warning:')} ${w}`);
  return lines;
}

function details(o: Output, m: RunManifest, logPath: string, repro: { role: string; text: string } | undefined): string {
  const field = (k: string, v: string): string => `${paint(o, 'dim', `${k}:`.padEnd(12))}${v}`;
  const lines = [describeRun(o, m)];
  if (m.error) lines.push(field('error', paint(o, 'red', m.error)));
  lines.push(field('experiment', m.experiment ?? '- (raw command)'));
  lines.push(field('command', m.shell ? `sh -c ${quoteArgv(m.command)}` : quoteArgv(m.command)));
  lines.push(field('cwd', m.cwd));
  lines.push(field('started', `${formatTime(m.startedAt ?? m.createdAt)}  (${formatDuration(m.startedAt, m.endedAt)}${m.endedAt ? '' : ' so far'})`));
  const end = endLine(m);
  if (end) lines.push(field('ended', `${formatTime(m.endedAt)}  ${end}`));
  // A Slurm run requeued into itself: each earlier attempt and how it ended.
  (m.slurm?.attempts ?? []).forEach((a, i) => lines.push(field(`attempt ${i + 1}`, `${formatTime(a.startedAt)}  ${a.status}${a.error ? `: ${a.error}` : ''}`)));
  if (m.slurm?.attempts?.length) lines.push(field(`attempt ${m.slurm.attempts.length + 1}`, `${m.status} (this one)`));
  if (m.process) lines.push(field('process', `host ${m.process.host}, supervisor pid ${m.process.supervisorPid}${m.process.childPid ? `, child pid ${m.process.childPid}` : ''}`));
  const versions = Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ');
  if (versions) lines.push(field('versions', versions));
  if (m.tags.length > 0) lines.push(field('tags', m.tags.join(', ')));
  if (m.starred) lines.push(field('starred', 'yes'));
  if (m.note) lines.push(field('note', m.note));
  if (repro) lines.push(field(repro.role === 'reproduction' ? 'reproduces' : 'reproduced', repro.text));
  lines.push(field('log', logPath));

  const params = Object.entries(m.params);
  lines.push('', paint(o, 'bold', 'Params'));
  // Params the script logged itself (runlens.log_params) are marked: a rerun does not pass them.
  const logged = params.some(([k]) => isLoggedParam(m, k));
  const paramRows = params.map(([k, v]) => [k, formatParam(v), ...(logged ? [isLoggedParam(m, k) ? 'logged by the script' : 'passed by Runlens'] : [])]);
  lines.push(params.length === 0 ? '  (none)' : table(o, ['NAME', 'VALUE', ...(logged ? ['FROM'] : [])], paramRows));
  const env = Object.entries(m.env);
  if (env.length > 0) lines.push('', paint(o, 'bold', 'Env'), table(o, ['NAME', 'VALUE'], env));

  const metrics = Object.entries(m.metrics).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  lines.push('', paint(o, 'bold', 'Metrics'));
  if (metrics.length === 0) lines.push('  (none logged)');
  else {
    lines.push(table(o, ['NAME', 'LAST', 'MIN', 'MAX', 'COUNT', 'LAST STEP'], metrics.map(([k, s]) => [
      k, formatNumber(s.last), formatNumber(s.min), formatNumber(s.max), String(s.count), s.lastStep === null ? '-' : String(s.lastStep),
    ])));
  }
  if (m.badMetricLines > 0) lines.push(paint(o, 'yellow', `${m.badMetricLines} metric line(s) could not be parsed`));
  return lines.join('\n');
}

/** How many paths were changed and untracked; run.json keeps at most MAX_PATHS_IN_MANIFEST of each, code.json all. */
async function dirtyCounts(m: RunManifest, runDir: string): Promise<{ changed: number; untracked: number }> {
  const c = m.code;
  const counts = { changed: c?.changed.length ?? 0, untracked: c?.untracked.length ?? 0 };
  if (Math.max(counts.changed, counts.untracked) < MAX_PATHS_IN_MANIFEST) return counts;
  const full = await readCodeRecord(runDir);
  return full ? { changed: full.changed.length, untracked: full.untracked.length } : counts;
}

/** "calm-river-2 (id) ✓ reproduced" for a reproduction; "✓ reproduced by calm-river-2 repro 1" for an original. */
async function reproductionLine(ctx: CommandContext, m: RunManifest): Promise<{ role: string; text: string } | undefined> {
  const store = ctx.store();
  if (m.reproducedFrom) {
    const original = await store.getRun(m.reproducedFrom).catch(() => undefined); // an original deleted since (or unreadable) is shown by its id
    const verdict = m.verdict ? ` ${verdictMark(m.verdict)} ${m.verdict}` : ' (no verdict yet)';
    return { role: 'reproduction', text: `${original ? `${original.name} (${m.reproducedFrom})` : m.reproducedFrom}${verdict}` };
  }
  const state = new ReproductionIndex(await store.listRuns()).stateOf(m);
  return state ? { role: 'original', text: describeReproduction(state, (id) => id) } : undefined;
}

async function run(ctx: CommandContext, args: ParsedArgs): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError('show takes exactly one run (id, name or id prefix)', 'show --help');
  const m = await requireRun(ctx, args.positionals[0] ?? '');
  if (optFlag(args, 'json')) printJson(ctx.output, m);
  else {
    const o = ctx.output;
    const counts = await dirtyCounts(m, ctx.store().runDir(m.id));
    const verdict = m.reproducedFrom ? await loadVerdict(ctx.store().runDir(m.id)) : undefined;
    const deviations = (m.deviations ?? []).map((d) => `  deviation: ${d.message}`);
    const repro = verdict ? ['', paint(o, 'bold', 'Reproduction'), ...verdictLines(verdict).map((l) => (l.startsWith('  ') ? l : `  ${l}`))]
      : m.reproducedFrom ? ['', paint(o, 'bold', 'Reproduction'), `  no verdict yet (${m.status})`, ...deviations] : [];
    o.out([details(o, m, ctx.store().logPath(m.id), await reproductionLine(ctx, m)), ...codeSection(o, m.code, counts, ctx.store().runDir(m.id)), ...dataSection(o, m), ...repro].join('\n'));
  }
  return 0;
}

/** The `show` command. */
export const showCommand: Command = {
  name: 'show',
  summary: 'show one run: command, status, params, metric summaries, code and data',
  usage: 'show RUN [--json]',
  options: [JSON_OPTION],
  examples: ['runlens show brave-otter-3', 'runlens show 20250101-1200 --json'],
  run,
};
