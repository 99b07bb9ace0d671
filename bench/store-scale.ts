// Store scale: a generator of big stores (copies of one realistic finished run: code and data links,
// a handful of metrics) written straight to disk, and the `runlens ls` process measured on them
// (wall time and peak RSS of the whole process, as a user or a script sees it).
// Standalone: `node out/bench/store-scale.js RUNS [DIR]` generates RUNS runs and measures them.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunManifest } from '../src/core/model';
import { newRunId } from '../src/core/store/ids';
import { StoreLayout } from '../src/core/store/layout';
import { newManifest, nonFiniteReplacer } from '../src/core/store/manifest';

const hash = (seed: string): string => seed.repeat(64).slice(0, 64);

/** One finished run as `runlens run` of the example's train stage records it (about 2 KiB of JSON). */
function exampleRun(workspace: string, id: string, i: number, at: number): RunManifest {
  const m = newManifest({ experiment: 'train', command: ['python', 'train.py', '--lr', '0.01', '--epochs', '20'], shell: false, cwd: workspace,
    params: { lr: 0.01 * (1 + (i % 7)), epochs: 20, batch_size: 32, hidden: 64, seed: i % 100, optimizer: 'adam' }, env: {},
    tags: i % 10 ? [] : ['best'] }, id, `run-${i + 1}`, new Date(at));
  const metric = (last: number, min: number, max: number): RunManifest['metrics'][string] => ({ count: 20, last, lastStep: 19, min, max, nonFinite: 0 });
  return {
    ...m, status: i % 50 === 7 ? 'failed' : 'finished', startedAt: m.createdAt, endedAt: new Date(at + 42_000).toISOString(), exitCode: i % 50 === 7 ? 1 : 0,
    process: { host: 'bench-host', supervisorPid: 4242, childPid: 4243 }, versions: { node: 'v20.11.1', python: '3.11.2', runlens: '0.1.0' },
    metrics: {
      loss: metric(0.1 + (i % 97) / 1000, 0.09, 2.3), val_loss: metric(0.15 + (i % 89) / 1000, 0.14, 2.4), acc: metric(0.9 + (i % 83) / 10_000, 0.1, 0.95),
      val_acc: metric(0.88 + (i % 79) / 10_000, 0.1, 0.93), lr: metric(0.01, 0.001, 0.01), 'system/cpu': metric(55, 3, 99),
    },
    code: {
      status: 'ok', message: null, commit: hash('3f2a9c1e'), branch: 'main', detached: false, remote: 'https://github.com/example/project.git',
      dirty: true, changed: ['train.py', 'runlens.yaml'], untracked: ['notes.md'], shallow: false, worktree: null, submodules: [],
      snapshot: { ref: `refs/runlens/runs/${id}`, commit: hash('9d8e7f60'), tree: hash('aa55bb66'), files: 12, skipped: [] },
      patchFile: 'code.patch', warnings: [], durationMs: 48,
    } as unknown as RunManifest['code'],
    data: {
      hashing: true,
      datasets: [{ spec: 'data/train.csv', hash: hash('c0ffee12'), files: 1, bytes: 1_048_576, errors: 0, skipped: 0, missing: false },
        { spec: 'data/val.csv', hash: hash('deadbeef'), files: 1, bytes: 262_144, errors: 0, skipped: 0, missing: false }],
      outputs: [{ spec: 'outputs/model.pt', hash: hash(`0${(i % 16).toString(16)}a1b2c3`), files: 1, bytes: 524_288, errors: 0, skipped: 0, missing: false }],
      warnings: [],
    },
  };
}

/**
 * Writes a store of `runs` finished runs into `workspace` (run.json, heartbeat, empty metrics and
 * name file per run; what listing reads). Ids are one minute apart, oldest first.
 */
export function generateStore(workspace: string, runs: number): void {
  const layout = new StoreLayout(join(workspace, '.runlens'));
  mkdirSync(layout.runsDir, { recursive: true });
  mkdirSync(layout.namesDir, { recursive: true });
  writeFileSync(layout.formatFile, `${JSON.stringify({ format: 1, kind: 'runlens-store' })}\n`);
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < runs; i++) {
    const at = t0 + i * 60_000;
    const id = newRunId(at);
    const dir = layout.runDir(id);
    mkdirSync(dir);
    writeFileSync(join(dir, 'run.json'), `${JSON.stringify(exampleRun(workspace, id, i, at), nonFiniteReplacer, 2)}\n`);
    writeFileSync(join(dir, 'heartbeat'), '');
    writeFileSync(join(dir, 'metrics.jsonl'), '');
    writeFileSync(join(layout.namesDir, `run-${i + 1}`), id);
  }
}

/** Wall time and peak resident memory of one CLI process. */
export interface ProcessCost {
  readonly ms: number;
  readonly rssMb: number;
  readonly stdoutBytes: number;
}

/** Runs `runlens ARGS` in `workspace` under /usr/bin/time; its stdout is counted, not kept. */
export function measureCli(workspace: string, args: readonly string[]): ProcessCost {
  const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
  const out = join(workspace, 'bench-stdout');
  const started = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-f', 'RSS_KB %M', 'sh', '-c', 'exec "$0" "$@" > "$RUNLENS_BENCH_OUT"', process.execPath, cli, ...args],
    { cwd: workspace, encoding: 'utf8', env: { ...process.env, RUNLENS_BENCH_OUT: out } });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`runlens ${args.join(' ')} failed: ${r.stderr}`);
  const kb = Number(/RSS_KB (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const stdoutBytes = spawnSync('stat', ['-c', '%s', out], { encoding: 'utf8' }).stdout.trim();
  rmSync(out, { force: true });
  return { ms, rssMb: kb / 1024, stdoutBytes: Number(stdoutBytes) };
}

/** The listings measured at one store size, in order: a first listing builds the index. */
export const LISTINGS: readonly { readonly label: string; readonly args: readonly string[] }[] = [
  { label: 'first ls --json (builds the index)', args: ['ls', '--json'] },
  { label: 'ls --json', args: ['ls', '--json'] },
  { label: 'ls (table)', args: ['ls'] },
  { label: 'ls --filter "val_loss < 0.2 and param.lr > 0.02" --sort acc --json', args: ['ls', '--filter', 'val_loss < 0.2 and param.lr > 0.02', '--sort', 'acc', '--json'] },
  { label: 'ls --limit 20', args: ['ls', '--limit', '20'] },
];

function main(): void {
  const runs = Number(process.argv[2] ?? 100_000);
  const ws = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'runlens-scale-'));
  const started = Date.now();
  generateStore(ws, runs);
  console.log(`generated ${runs} runs in ${ws} in ${Date.now() - started} ms`);
  for (const l of LISTINGS) {
    const c = measureCli(ws, l.args);
    console.log(`${l.label}: ${c.ms.toFixed(0)} ms, ${c.rssMb.toFixed(0)} MB RSS, ${(c.stdoutBytes / 2 ** 20).toFixed(1)} MiB out`);
  }
  const du = spawnSync('du', ['-sh', join(ws, '.runlens', 'index')], { encoding: 'utf8' }).stdout.trim();
  console.log(`index: ${du}`);
  if (process.argv[3] === undefined) rmSync(ws, { recursive: true, force: true });
}

if (require.main === module) {
  main();
}
