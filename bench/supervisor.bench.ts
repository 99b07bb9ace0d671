// Supervisor pass-through: a process printing 200 MB of log lines through `runlens run` (to a file
// standing in for the terminal, plus capture into output.log and the stdout metric scan) against
// `tee` doing the same (terminal file + log file), in the same run. Throughput is the rate at which
// bytes flow (the slope between an empty and a 200 MB run); the fixed cost of a run (the run
// record, git, finishing) is reported beside it as its own figure.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, repoRoot, report } from './report';

const MB = 1024 * 1024;
const TOTAL_MB = 200;
/** Rounds per contender, interleaved; medians are compared. */
const ROUNDS = 5;

/** Writes TOTAL_MB of ~100-byte training-log lines, with a `@runlens` metric line every 1000 lines. */
const GENERATOR = `
const fs = require('fs');
const lines = [];
for (let i = 0; i < 10000; i++) {
  lines.push(i % 1000 === 999
    ? '@runlens {"step":' + i + ',"metrics":{"loss":' + (1 / (i + 1)) + '}}'
    : 'epoch 3 step ' + i + ' loss=' + (1 / (i + 1)).toFixed(6) + ' lr=0.001000 grad_norm=1.2345 samples/s=4521.7 eta=00:12:34');
}
let block = Buffer.from(lines.join('\\n') + '\\n');
const total = Number(process.argv[2]) * 1048576;
let written = 0;
while (written < total) {
  const buf = block.subarray(0, Math.min(block.length, total - written));
  let o = 0;
  while (o < buf.length) o += fs.writeSync(1, buf, o);
  written += buf.length;
}
`;

/** Runs `cmd args` with stdout into `terminalFile`; returns the wall time in ms. */
function timed(cmd: string, args: string[], cwd: string, terminalFile: string): Promise<number> {
  const fd = openSync(terminalFile, 'w');
  const t0 = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: '1' };
    const p = spawn(cmd, args, { cwd, env, stdio: ['ignore', fd, 'ignore'] });
    p.once('error', reject);
    p.once('close', (code) => {
      closeSync(fd);
      if (code !== 0) reject(new Error(`${cmd} exited with ${code}`));
      else resolve(Number(process.hrtime.bigint() - t0) / 1e6);
    });
  });
}

/** Runs the throughput comparison and reports it. */
export async function bench(): Promise<void> {
  const cli = join(repoRoot(), 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run node esbuild.mjs first`);
  const dir = mkdtempSync(join(tmpdir(), 'runlens-bench-supervisor-'));
  try {
    writeFileSync(join(dir, 'gen.js'), GENERATOR);
    const terminal = join(dir, 'terminal.out');
    const tee = { full: [] as number[], empty: [] as number[] };
    const run = { full: [] as number[], empty: [] as number[] };
    const check = (who: string, mb: number): void => {
      if (statSync(terminal).size !== mb * MB) throw new Error(`${who} did not pass everything`);
    };
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate so both see the same machine state (page cache, CPU frequency).
      for (const mb of [TOTAL_MB, 0]) {
        (mb ? tee.full : tee.empty).push(await timed('sh', ['-c', `node gen.js ${mb} | tee tee.log`], dir, terminal));
        check('tee', mb);
        rmSync(join(dir, 'tee.log'));
        (mb ? run.full : run.empty).push(await timed(process.execPath, [cli, 'run', '--', 'node', 'gen.js', String(mb)], dir, terminal));
        check('runlens run', mb);
        rmSync(join(dir, '.runlens'), { recursive: true, force: true });
      }
    }
    const fmt = (ts: number[]): string => `${ts.map((t) => t.toFixed(0)).join('/')} ms`;
    console.log(`  ${TOTAL_MB} MB: tee ${fmt(tee.full)}, runlens run ${fmt(run.full)}`);
    console.log(`  0 MB:   tee ${fmt(tee.empty)}, runlens run ${fmt(run.empty)}`);
    const rate = (t: { full: number[]; empty: number[] }): number => TOTAL_MB / ((median(t.full) - median(t.empty)) / 1000);
    const runRate = rate(run);
    const teeRate = rate(tee);
    report({
      name: `runlens run pass-through rate, ${TOTAL_MB} MB of log lines (terminal file + output.log + metric scan), medians of ${ROUNDS}`,
      value: runRate,
      unit: 'MB/s',
      baseline: { name: 'tee (terminal file + log file)', value: teeRate },
      target: '>= 80% of tee',
      pass: runRate >= 0.8 * teeRate,
    });
    const wall = TOTAL_MB / (median(run.full) / 1000);
    const teeWall = TOTAL_MB / (median(tee.full) / 1000);
    report({
      name: `runlens run end to end, ${TOTAL_MB} MB including its fixed cost, median of ${ROUNDS}`,
      value: wall,
      unit: 'MB/s',
      baseline: { name: 'tee end to end', value: teeWall },
      target: '(informational: the rate above plus the fixed cost below)',
      pass: true,
    });
    const fixed = median(run.empty) - median(tee.empty);
    report({
      name: 'fixed cost of a run: `runlens run` of a command printing nothing, minus tee doing the same',
      value: fixed,
      unit: 'ms',
      target: '<= 250 ms (a second Node start, the run record, git, finishing)',
      pass: fixed <= 250,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
