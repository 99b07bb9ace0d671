// Supervisor pass-through throughput: a process printing 200 MB of log lines through
// `runlens run` (to a file standing in for the terminal, plus capture into output.log and the
// stdout metric scan) against `tee` doing the same (terminal file + log file), in the same run.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { median, report } from './report';

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
const total = ${TOTAL_MB} * 1048576;
let written = 0;
while (written < total) {
  const buf = block.subarray(0, Math.min(block.length, total - written));
  let o = 0;
  while (o < buf.length) o += fs.writeSync(1, buf, o);
  written += buf.length;
}
`;

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'esbuild.mjs'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('repo root not found');
    dir = parent;
  }
  return dir;
}

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
    const teeTimes: number[] = [];
    const runTimes: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      // Alternate so both see the same machine state (page cache, CPU frequency).
      teeTimes.push(await timed('sh', ['-c', 'node gen.js | tee tee.log'], dir, terminal));
      if (statSync(terminal).size !== TOTAL_MB * MB) throw new Error('tee did not pass everything');
      rmSync(join(dir, 'tee.log'));
      runTimes.push(await timed(process.execPath, [cli, 'run', '--', 'node', 'gen.js'], dir, terminal));
      if (statSync(terminal).size !== TOTAL_MB * MB) throw new Error('runlens run did not pass everything');
      rmSync(join(dir, '.runlens'), { recursive: true, force: true });
    }
    const tee = TOTAL_MB / (median(teeTimes) / 1000);
    const run = TOTAL_MB / (median(runTimes) / 1000);
    const fmt = (ts: number[]): string => `${ts.map((t) => t.toFixed(0)).join('/')} ms`;
    console.log(`  tee ${fmt(teeTimes)}, runlens run ${fmt(runTimes)}`);
    report({
      name: `runlens run pass-through, ${TOTAL_MB} MB of log lines (terminal file + output.log + metric scan), median of ${ROUNDS}`,
      value: run,
      unit: 'MB/s',
      baseline: { name: 'tee (terminal file + log file)', value: tee },
      target: '>= 80% of tee',
      pass: run >= 0.8 * tee,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
