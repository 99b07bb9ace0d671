// Reproduce overhead: `runlens reproduce` of a run of the example project (in a git repository,
// its dataset cached) against the training command alone (`python3 train.py ...` run directly),
// interleaved in the same run. The overhead is everything but training: worktree, data
// verification and restore, the run record, snapshot, hashing, the verdict, removing the worktree.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { median, repoRoot, report } from './report';

const ROUNDS = 5;
const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 'B', GIT_AUTHOR_EMAIL: 'b@example.com', GIT_COMMITTER_NAME: 'B', GIT_COMMITTER_EMAIL: 'b@example.com' };

/** Runs `cmd args` in `cwd` to completion; returns the wall time in ms. */
function timed(cmd: string, args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<number> {
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env: { ...process.env, NO_COLOR: '1', ...extraEnv }, stdio: 'ignore' });
    p.once('error', reject);
    p.once('close', (code) => {
      if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}`));
      else resolve(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  });
}

/** Measures and reports the overhead of `runlens reproduce` on the example project. */
export async function bench(): Promise<void> {
  const root = repoRoot();
  const cli = join(root, 'dist', 'cli.js');
  const dir = join(mkdtempSync(join(tmpdir(), 'runlens-bench-repro-')), 'example');
  try {
    cpSync(join(root, 'docs', 'example'), dir, { recursive: true });
    // The dataset cached, as a project that wants its data versions kept would declare it.
    const config = join(dir, 'runlens.yaml');
    const yaml = execFileSync('sed', ['s#      - data/points.csv#      - { path: data/points.csv, cache: true }#', config], { encoding: 'utf8' });
    writeFileSync(config, yaml);
    writeFileSync(join(dir, '.gitignore'), 'outputs/\n__pycache__/\ndata/\n');
    const git = (...args: string[]): void => { execFileSync('git', args, { cwd: dir, env: GIT_ENV, stdio: 'ignore' }); };
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'example');
    const params = ['-p', 'delay=0'];
    await timed(process.execPath, [cli, 'run', 'train', ...params], dir);
    const id = readdirSync(join(dir, '.runlens', 'runs'))[0] ?? '';
    // Outside Runlens the script imports the client (a no-op there) from the bundled package.
    const pyEnv = { PYTHONPATH: join(root, 'src', 'python') };
    const direct = ['train.py', '--lr', '0.1', '--epochs', '30', '--seed', '0', '--l2', '0.0', '--delay', '0'];
    const train: number[] = [];
    const repro: number[] = [];
    const run: number[] = [];
    // One warm-up round of each (page cache, Python's bytecode cache), then interleaved rounds.
    await timed('python3', direct, dir, pyEnv);
    await timed(process.execPath, [cli, 'reproduce', id], dir);
    for (let i = 0; i < ROUNDS; i++) {
      train.push(await timed('python3', direct, dir, pyEnv));
      repro.push(await timed(process.execPath, [cli, 'reproduce', id], dir));
      run.push(await timed(process.execPath, [cli, 'run', 'train', ...params], dir));
    }
    const t = median(train);
    report({
      name: 'reproduce overhead (example project, cached dataset; everything but training)',
      value: median(repro) - t, unit: 'ms',
      baseline: { name: 'runlens run overhead', value: median(run) - t },
      target: '<= 2000 ms', pass: median(repro) - t <= 2000,
    });
    console.log(`     training alone ${t.toFixed(0)} ms, reproduce ${median(repro).toFixed(0)} ms, run ${median(run).toFixed(0)} ms (medians of ${ROUNDS})`);
  } finally {
    rmSync(dirname(dir), { recursive: true, force: true });
  }
}
