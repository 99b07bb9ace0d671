// Webview panels in a real workbench: from a click on a run to Run Detail's content, and from the
// context menu's "Compare Runs" to the window's first Compare panel drawn, each round a fresh
// window (test/runners/panelTimings.ts, run under the machine-wide VS Code lock). Wall time on the
// host's clock is the figure; each page's own clock says where it went (bundle, ready, render).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type PanelTimings } from '../test/runners/panelTimings';
import { report } from './report';

const LOCK = process.env.RUNLENS_VSCODE_LOCK ?? '/tmp/runlens-vscode.lock';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs the rounds in their own process (it packages the .vsix and starts code-server) and reports medians. */
export function bench(): Promise<void> {
  const script = join(__dirname, '..', 'test', 'runners', 'panelTimings.js');
  const r = spawnSync('flock', [LOCK, process.execPath, script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], timeout: 20 * 60_000 });
  if (r.status !== 0) throw new Error(`panel timings failed (exit ${r.status ?? r.signal}): ${r.stdout.slice(-2000)}`);
  const rounds = r.stdout.split('\n').filter((l) => l.startsWith('PANEL_TIMINGS ')).map((l) => JSON.parse(l.slice('PANEL_TIMINGS '.length)) as PanelTimings);
  if (rounds.length === 0) throw new Error(`panel timings printed no round:\n${r.stdout}`);
  for (const [i, t] of rounds.entries()) {
    console.log(`  round ${i + 1}: Run Detail ${t.detailWallMs} ms (page: bundle ran ${t.detailPage.scriptMs.toFixed(0)}, ready ${t.detailPage.readyMs.toFixed(0)}, drawn ${t.detailPage.renderedMs.toFixed(0)} ms);` +
      ` first Compare ${t.compareWallMs} ms (page: bundle ran ${t.comparePage.scriptMs.toFixed(0)}, tables ${t.comparePage.tablesMs.toFixed(0)}, first chart ${t.comparePage.firstChartMs.toFixed(0)} ms)`);
  }
  const detail = median(rounds.map((t) => t.detailWallMs));
  const compare = median(rounds.map((t) => t.compareWallMs));
  report({ name: `Run Detail from a click on the row to its first chart (workbench, median of ${rounds.length} fresh windows)`, value: detail, unit: 'ms', target: '<= 1000 ms', pass: detail <= 1000 });
  report({ name: `the window's first Compare panel, menu click to first chart (median of ${rounds.length})`, value: compare, unit: 'ms', target: '<= 1000 ms', pass: compare <= 1000 });
  return Promise.resolve();
}
