// `runlens status` benchmarks (docs/benchmarks.md, issue 12): 1,000 runs over 100,000 data files,
// nothing changed and after one edit, in core and as the CLI process, each beside a full re-hash of
// the same files (what `dvc status` does per call); with every file stat-ed, and with the change
// journal an open editor keeps (here a real JournalWriter fed by fs.watch, as VS Code's watcher does).
import { execFile } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HashCache } from '../src/core/data/cache';
import { hashDatasets } from '../src/core/data/hash';
import { openLiveJournal } from '../src/core/data/journalRead';
import { statusOf } from '../src/core/lineage/status';
import { type LineageRunRecord, type VersionRecord } from '../src/core/lineage/types';
import { newRunId } from '../src/core/store/ids';
import { StoreLayout } from '../src/core/store/layout';
import { newManifest } from '../src/core/store/manifest';
import { keepBenchJournal } from './benchJournal';
import { median, report, timeMedian } from './report';

const PARTS = 100;
const FILES = 1000;
const EDITED = join('data', 'part-7', 'f3.csv');

/** 100 folders of 1,000 files; 1,000 runs (10 sweep points per folder), all current. */
async function statusWorkspace(root: string): Promise<LineageRunRecord[]> {
  for (let p = 0; p < PARTS; p++) {
    const dir = join(root, 'data', `part-${p}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < FILES; f++) writeFileSync(join(dir, `f${f}.csv`), `x,y\n${p},${f}\n`);
  }
  const first = await hashDatasets(root, Array.from({ length: PARTS }, (_, p) => `data/part-${p}`), { cache: HashCache.memory() });
  const runs: LineageRunRecord[] = [];
  first.manifests.forEach((m, p) => {
    const v: VersionRecord = { spec: m.spec, hash: m.hash, bytes: m.bytes, fileCount: m.files.length, files: m.files };
    for (let k = 0; k < 10; k++) {
      const i = p * 10 + k;
      const t = Date.UTC(2026, 0, 1) + i * 1000;
      runs.push({ id: newRunId(t), name: `run-${i}`, experiment: `train-${p}`, command: ['python', 'x.py'], status: 'finished', createdAt: new Date(t).toISOString(),
        params: { lr: k }, trashed: false, pulled: false, data: 'hashed', datasets: [v], outputs: [] });
    }
  });
  return runs;
}

/** Writes `runs` as a real store in `root` (run.json with the summaries, datasets.json with the manifests). */
function writeStore(root: string, runs: readonly LineageRunRecord[]): void {
  const layout = new StoreLayout(join(root, '.runlens'));
  mkdirSync(layout.namesDir, { recursive: true });
  mkdirSync(layout.runsDir, { recursive: true });
  writeFileSync(layout.formatFile, `${JSON.stringify({ format: 1, kind: 'runlens-store' })}\n`);
  for (const r of runs) {
    const base = newManifest({ experiment: r.experiment, command: [...r.command], shell: false, cwd: root, params: r.params, env: {} }, r.id, r.name, new Date(r.createdAt));
    const summary = (v: VersionRecord) => ({ spec: v.spec, hash: v.hash, files: v.fileCount, bytes: v.bytes, errors: 0, skipped: 0, missing: false });
    const m = { ...base, status: 'finished', startedAt: base.createdAt, endedAt: base.createdAt, exitCode: 0,
      data: { hashing: true, datasets: r.datasets.map(summary), outputs: [], warnings: [] } };
    mkdirSync(layout.runDir(r.id));
    writeFileSync(join(layout.runDir(r.id), 'run.json'), JSON.stringify(m, null, 2));
    writeFileSync(join(layout.runDir(r.id), 'datasets.json'), JSON.stringify(r.datasets.map((v) => ({ ...v, links: [], errors: [], skipped: [], missing: false }))));
    writeFileSync(join(layout.namesDir, r.name), r.id);
  }
}

interface ProcessFigure { wall: number; cpu: number; stale: number; journal: boolean }

/**
 * Wall and CPU milliseconds of one `runlens status --json` process in `root`. Asynchronous: this
 * process keeps the journal's watcher, which must go on delivering while the command syncs with it.
 */
function statusProcess(root: string, ...extra: string[]): Promise<ProcessFigure> {
  const cli = join(__dirname, '..', '..', 'dist', 'cli.js');
  const t0 = process.hrtime.bigint();
  return new Promise((done, fail) => {
    execFile('/usr/bin/time', ['-f', '%U %S', process.execPath, cli, 'status', '--json', ...extra], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e6;
      if (error && error.code !== 8) return fail(new Error(`runlens status failed: ${stderr}`, { cause: error })); // 8: something is stale, an answer
      const [user, sys] = (stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
      const out = JSON.parse(stdout) as { stale: number; journal: boolean };
      done({ wall, cpu: ((user ?? NaN) + (sys ?? NaN)) * 1000, stale: out.stale, journal: out.journal });
    });
  });
}

async function processes(n: number, run: () => Promise<ProcessFigure>): Promise<ProcessFigure[]> {
  const out: ProcessFigure[] = [];
  for (let i = 0; i < n; i++) out.push(await run());
  return out;
}

/** Rewrites the edited file (same size) `i` times over, as a user saving it would. */
function edit(root: string, i: number): void {
  writeFileSync(join(root, EDITED), `x,y\nedit${i % 10}\n`);
}

/** Puts the edited file back as it was, older than the racy window, so nothing is stale. */
function revert(root: string): void {
  writeFileSync(join(root, EDITED), 'x,y\n7,3\n');
  utimesSync(join(root, EDITED), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
}

/** Runs the status benchmarks. */
export async function bench(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'runlens-status-bench-'));
  const storeRoot = join(root, '.runlens');
  try {
    const runs = await statusWorkspace(root);
    const specs = Array.from({ length: PARTS }, (_, p) => `data/part-${p}`);
    const full = await timeMedian(3, () => hashDatasets(root, specs, { cache: HashCache.memory() }));
    const baseline = { name: 'full re-hash of the same files (dvc status-like)', value: full };
    // The floor of any check that sees in-place edits without a journal: one lstat per file, nothing else.
    const floor = await timeMedian(5, () => {
      let n = 0;
      for (const s of specs) for (const name of readdirSync(join(root, s))) n += Number(lstatSync(join(root, s, name), { bigint: true }).size);
      return n;
    });
    const cache = HashCache.memory();
    await hashDatasets(root, specs, { cache });

    // In core, the records already loaded: every file stat-ed.
    const walked = await timeMedian(5, async () => { if ((await statusOf(runs, root, cache)).stale !== 0) throw new Error('stale in an unchanged workspace'); });
    report({ name: 'status in core, nothing changed, every file stat-ed', value: walked, unit: 'ms', baseline, target: '<= 200 ms', pass: walked <= 200 });
    console.log(`     (readdir + lstat of the same 100,000 files alone: ${floor.toFixed(0)} ms)`);

    // In core with a live journal: the sync through the watcher, then only what the journal names.
    const journal = await keepBenchJournal(storeRoot, root);
    try {
      const check = async (): Promise<{ stale: number; journal: boolean; ms: number }> => {
        const t0 = process.hrtime.bigint();
        const j = await openLiveJournal(storeRoot, root);
        const r = await statusOf(runs, root, cache, j);
        return { stale: r.stale, journal: r.journal, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
      };
      await check(); // records where the journal stood for each spec
      const quiet = await processesOf(5, check);
      if (quiet.some((c) => c.stale !== 0 || !c.journal)) throw new Error('the journal was not used, or found stale runs in an unchanged workspace');
      report({ name: 'status in core, nothing changed, change journal live (sync included)', value: median(quiet.map((c) => c.ms)), unit: 'ms', baseline, target: '<= 200 ms', pass: median(quiet.map((c) => c.ms)) <= 200 });
      const edited = await processesOf(5, async (i) => { edit(root, i); return check(); });
      if (edited.some((c) => c.stale !== 10 || !c.journal)) throw new Error('the edit was not found through the journal');
      report({ name: 'status in core after one edit, change journal live', value: median(edited.map((c) => c.ms)), unit: 'ms', baseline, target: '<= 1000 ms', pass: median(edited.map((c) => c.ms)) <= 1000 });
      revert(root);

      // The command as a user runs it: Node's start, the store read, the check.
      writeStore(root, runs);
      await statusProcess(root, '--no-journal'); // fills the store's stat cache and fingerprints
      const plain = await processes(3, () => statusProcess(root, '--no-journal'));
      await statusProcess(root); // records where the journal stood
      const kept = await processes(3, () => statusProcess(root));
      if ([...plain, ...kept].some((p) => p.stale !== 0) || kept.some((p) => !p.journal)) throw new Error('runlens status: stale runs in an unchanged workspace, or the journal unused');
      const plainWall = median(plain.map((p) => p.wall));
      const keptWall = median(kept.map((p) => p.wall));
      report({ name: 'runlens status process, nothing changed, every file stat-ed (--no-journal)', value: plainWall, unit: 'ms', baseline, target: '<= 200 ms', pass: plainWall <= 200 });
      report({ name: 'runlens status process, nothing changed, change journal live', value: keptWall, unit: 'ms', baseline, target: '<= 200 ms', pass: keptWall <= 200 });
      const after = await processes(3, async () => { edit(root, 1); const p = await statusProcess(root); revert(root); return p; });
      if (after.some((p) => p.stale !== 10 || !p.journal)) throw new Error('runlens status missed the edit');
      const afterWall = median(after.map((p) => p.wall));
      report({ name: 'runlens status process after one edit, change journal live', value: afterWall, unit: 'ms', baseline, target: '<= 1000 ms', pass: afterWall <= 1000 });
      console.log(`     (CPU user+sys of those processes: --no-journal ${cpus(plain)}; journal ${cpus(kept)}; after an edit ${cpus(after)} ms)`);
    } finally {
      await journal.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function processesOf<T>(n: number, run: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await run(i));
  return out;
}

function cpus(figures: readonly ProcessFigure[]): string {
  return figures.map((p) => p.cpu.toFixed(0)).join(', ');
}
