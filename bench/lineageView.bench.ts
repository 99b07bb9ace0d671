// The Lineage view in a real workbench: a 2,000-node lineage (no clustering) laid out and drawn, and
// the frames while it pans and zooms, on the page's own clock, each round a fresh window
// (test/runners/lineageTimings.ts, run under the machine-wide VS Code lock). The frames' baseline,
// measured in the same window: the page standing still.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describeFigures, type LineageFigures } from '../test/e2e/lineageFigures';
import { report } from './report';

const LOCK = process.env.RUNLENS_VSCODE_LOCK ?? '/tmp/runlens-vscode.lock';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Runs the rounds in their own process (it packages the .vsix and starts code-server) and reports medians. */
export function bench(): Promise<void> {
  const script = join(__dirname, '..', 'test', 'runners', 'lineageTimings.js');
  const r = spawnSync('flock', [LOCK, process.execPath, script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 20 * 60_000 });
  if (r.status !== 0) throw new Error(`lineage timings failed (exit ${r.status ?? r.signal}): ${r.stdout.slice(-2000)}`);
  const rounds = r.stdout.split('\n').filter((l) => l.startsWith('LINEAGE_TIMINGS ')).map((l) => JSON.parse(l.slice('LINEAGE_TIMINGS '.length)) as LineageFigures);
  if (rounds.length === 0) throw new Error(`lineage timings printed no round:\n${r.stdout}`);
  for (const [i, f] of rounds.entries()) console.log(`  round ${i + 1}: ${describeFigures(f)}`);
  const total = median(rounds.map((f) => f.layoutMs + f.drawMs));
  const p95 = median(rounds.map((f) => f.frameP95Ms));
  const idle = median(rounds.map((f) => f.idleP95Ms));
  const nodes = rounds[0]?.nodes ?? 0;
  report({ name: `a ${nodes}-node lineage laid out and drawn in the Lineage view (page clock, median of ${rounds.length} fresh windows)`, value: total, unit: 'ms', target: '<= 1000 ms', pass: total <= 1000 });
  report({ name: `frame time while it pans and zooms (95th percentile, median of ${rounds.length})`, value: p95, unit: 'ms', baseline: { name: 'the page standing still', value: idle }, target: '<= 33 ms (30 fps)', pass: p95 <= 33 });
  return Promise.resolve();
}
