// Data shift benchmarks: `runlens profile` of a 1 GiB CSV (20 numeric + 5 categorical columns, about
// 5M rows; generated once in the temp dir) as a child process, time and peak memory, beside pandas's
// read_csv + describe() on the same file (skipped with a line when pandas is absent); the stored
// profile's size per column; drift between two stored profiles, reading them included.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { compareProfiles } from '../src/core/drift/drift';
import { seededRandom } from '../src/core/profile/random';
import { type FileProfile } from '../src/core/profile/types';
import { repoRoot, report, timeMedian } from './report';

const DIR = join(tmpdir(), 'runlens-bench-datashift');
/** File size in MiB (RUNLENS_BENCH_PROFILE_MB to try a smaller one; targets are for 1024). */
const MB = Number(process.env.RUNLENS_BENCH_PROFILE_MB ?? 1024);
const CATS = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta', 'iota', 'kappa', 'lambda', 'mu'];

/** Writes a CSV of about `bytes` bytes unless one of that name and at least that size exists. */
function ensureCsv(name: string, bytes: number, shift: number): string {
  const path = join(DIR, name);
  if (existsSync(path) && statSync(path).size >= bytes) return path;
  mkdirSync(DIR, { recursive: true });
  const random = seededRandom(bytes + shift);
  const fd = openSync(path, 'w');
  const header = [...Array.from({ length: 20 }, (_, i) => `num_${i}`), ...Array.from({ length: 5 }, (_, i) => `cat_${i}`)].join(',');
  writeSync(fd, `${header}\n`);
  let written = 0;
  while (written < bytes) {
    const lines: string[] = [];
    for (let r = 0; r < 20_000; r++) {
      const row: string[] = [];
      // std 10 per numeric column: a shift of 3 is 0.3 std, well past the 0.1 threshold (sketch error ±0.02).
      for (let c = 0; c < 20; c++) row.push((c * 10 + 3 * shift + (random() + random() + random() - 1.5) * 20).toFixed(3));
      for (let c = 0; c < 5; c++) row.push(CATS[Math.floor(random() ** (1 + shift) * (CATS.length - c))] as string);
      lines.push(row.join(','));
    }
    const text = `${lines.join('\n')}\n`;
    writeSync(fd, text);
    written += Buffer.byteLength(text);
  }
  closeSync(fd);
  return path;
}

/**
 * Runs a command under Python's getrusage: wall seconds, CPU seconds (user + system, every thread)
 * and peak RSS (MB) of that child alone. CPU time is what a loaded machine does not distort.
 */
function measured(cmd: string[], cwd: string): { seconds: number; cpuSeconds: number; peakMb: number } | undefined {
  const wrapper = 'import resource, subprocess, sys, time\nt = time.time()\nr = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)\n' +
    'u = resource.getrusage(resource.RUSAGE_CHILDREN)\nprint(time.time() - t, u.ru_utime + u.ru_stime, u.ru_maxrss, r.returncode)';
  const r = spawnSync('python3', ['-c', wrapper, ...cmd], { cwd, encoding: 'utf8' });
  if (r.status !== 0) return undefined;
  const [s, cpu, kb, code] = r.stdout.trim().split(' ').map(Number);
  return code === 0 ? { seconds: s as number, cpuSeconds: cpu as number, peakMb: (kb as number) / 1024 } : undefined;
}

/** A Python with pandas (the one on PATH, else the system's), or undefined. */
function pandasPython(): string | undefined {
  return ['python3', '/usr/bin/python3'].find((py) => spawnSync(py, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0);
}

/** Benchmarks profiling, stored size and drift. */
export async function bench(): Promise<void> {
  const big = ensureCsv(`big-${MB}.csv`, MB * 2 ** 20, 0);
  const small = ensureCsv(`shifted3-${Math.max(1, MB >> 4)}.csv`, Math.max(1, MB >> 4) * 2 ** 20, 1);
  // The workspace is DIR itself (profile takes paths inside the workspace); its store starts empty.
  const ws = DIR;
  rmSync(join(ws, '.runlens'), { recursive: true, force: true });
  mkdirSync(join(ws, '.runlens'), { recursive: true });
  const cli = join(repoRoot(), 'dist', 'cli.js');
  const gib = (statSync(big).size / 2 ** 30).toFixed(2);
  const ours = measured([process.execPath, cli, 'profile', basename(big), '--workspace', ws, '--refresh'], ws);
  if (!ours) { console.log('skipped: python3 is needed to measure peak memory of a child process'); return; }
  const py = pandasPython();
  const pandas = py
    ? measured([py, '-c', 'import sys, pandas as pd\ndf = pd.read_csv(sys.argv[1])\ndf.describe(include="all")', big], ws)
    : undefined;
  if (!pandas) console.log('skipped: pandas baseline (python3 -c "import pandas" fails)');
  report({
    name: `runlens profile of a ${gib} GiB CSV (25 columns), one thread`, value: ours.seconds, unit: 's',
    ...(pandas ? { baseline: { name: 'pandas read_csv + describe()', value: pandas.seconds } } : {}),
    target: '<= 30 s and <= 50% of pandas', pass: ours.seconds <= 30 && (!pandas || ours.seconds <= pandas.seconds / 2),
  });
  if (pandas) {
    report({
      name: 'CPU time of runlens profile (user + system)', value: ours.cpuSeconds, unit: 's',
      baseline: { name: 'pandas read_csv + describe()', value: pandas.cpuSeconds },
      target: '<= 50% of pandas', pass: ours.cpuSeconds <= pandas.cpuSeconds / 2,
    });
  }
  report({
    name: 'peak memory of runlens profile', value: ours.peakMb, unit: 'MB',
    ...(pandas ? { baseline: { name: 'pandas', value: pandas.peakMb } } : {}),
    target: '<= 300 MB', pass: ours.peakMb <= 300,
  });
  const profiles = join(ws, '.runlens', 'cache', 'profiles');
  const bigFile = readdirSync(profiles)[0] as string;
  const bigProfile = JSON.parse(readFileSync(join(profiles, bigFile), 'utf8')) as FileProfile;
  const perColumn = statSync(join(profiles, bigFile)).size / bigProfile.columns.length / 1024;
  report({ name: 'stored profile size per column', value: perColumn, unit: 'KB', target: '<= 100 KB', pass: perColumn <= 100 });
  if (spawnSync(process.execPath, [cli, 'profile', basename(small), '--workspace', ws], { stdio: 'ignore' }).status !== 0) throw new Error('profiling the shifted file failed');
  const paths = readdirSync(profiles).map((f) => join(profiles, f));
  let shifted = false;
  let best = Infinity;
  const ms = await timeMedian(20, () => {
    const t = performance.now();
    const [a, b] = paths.map((p) => JSON.parse(readFileSync(p, 'utf8')) as FileProfile);
    shifted = compareProfiles(a as FileProfile, b as FileProfile).shifted;
    best = Math.min(best, performance.now() - t);
  });
  // On a loaded machine most rounds include time spent descheduled; the fastest is the work itself.
  console.log(`drift rounds: fastest ${best.toFixed(1)} ms, median ${ms.toFixed(1)} ms`);
  report({ name: 'drift between two stored profiles (read + parse + compare)', value: ms, unit: 'ms', target: '<= 50 ms', pass: ms <= 50 && shifted });
}
