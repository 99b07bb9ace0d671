// The Runs view measured in the workbench (code-server + chromium, the packaged extension) on
// stores of 5,000, 20,000 and 100,000 generated runs: first rows after the view opens, a new run's
// row after it starts, filter apply and clear, the extension host's RSS, "unresponsive" warnings.
// RUNLENS_BENCH_RUNS=100,5000 picks the sizes (100: the baseline of a small store). Takes the
// machine's VS Code lock itself, around the workbench part only (do not wrap it in flock).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { hostname, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunStore } from '../src/core/store/store';
import { Workbench } from '../test/e2e/workbench';
import { generateRuns } from './runsStore';
import { repoRoot, report } from './report';
import { withVsCodeLock } from './vscodeLock';

const EXPERIMENTS = ['train', 'finetune', 'eval', 'sweep-lr', 'ablation'];
const PREFIX = 'rv';

/** Parent pid of every process, from /proc/PID/stat (field 4, after the parenthesised name). */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.set(Number(pid), ppid);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * The extension host of the code-server whose process is `serverPid`: code-server forks it as a
 * node child (`bootstrap-fork --type=extensionHost`) of the server, so it is the descendant whose
 * command line names an extension host. Undefined until the workbench has started one.
 */
export function extensionHostPid(serverPid: number): number | undefined {
  const ppid = parents();
  const descends = (pid: number): boolean => {
    for (let p = ppid.get(pid), hops = 0; p !== undefined && p > 1 && hops < 20; p = ppid.get(p), hops++) if (p === serverPid) return true;
    return false;
  };
  for (const pid of ppid.keys()) {
    if (!descends(pid)) continue;
    try {
      if (/extensionHost/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))) return pid;
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** Resident memory of a process in MB (0 once it is gone). */
function rssMb(pid: number): number {
  let status = '';
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return 0; // exited: its peak was sampled before
  }
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : 0;
}

/** How often the workbench's logs say the extension host was unresponsive. */
function unresponsiveInLogs(dir: string): number {
  let n = 0;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.log')) n += readFileSync(path, 'utf8').split('\n').filter((l) => /unresponsive/i.test(l)).length;
    }
  };
  walk(dir);
  return n;
}

/** Waits until the first run row's spoken label starts with `name`; returns the ms it took from `since`. */
async function firstRowIs(wb: Workbench, name: string, since: number, timeoutMs = 180_000): Promise<number> {
  const row = wb.pane('Runs').locator('.monaco-list-row[aria-level="2"]').first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const label = await row.getAttribute('aria-label', { timeout: 1000 }).catch(() => null);
    if (label?.startsWith(`${name},`)) return Date.now() - since;
    if (Date.now() > deadline) throw new Error(`the first row never became ${name} (last: ${label ?? 'none'})`);
    await wb.page.waitForTimeout(20);
  }
}

async function scenario(vsix: string, runs: number): Promise<void> {
  const workspace = mkdtempSync(join(tmpdir(), 'runlens-bench-view-'));
  try {
    // Built outside the VS Code lock (minutes at 100,000 runs), and deleted outside it below.
    const t0 = Date.now();
    const ids = await generateRuns(workspace, { count: runs, experiments: EXPERIMENTS, prefix: PREFIX });
    const store = RunStore.open(workspace);
    // A store in use has its indexes: the summaries the views list, the manifests lineage reads.
    await store.listSummaries();
    await store.listRuns();
    console.log(`  ${runs} runs generated and indexed in ${((Date.now() - t0) / 1000).toFixed(1)} s (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
    await withVsCodeLock(`the workbench at ${runs} runs`, () => inWorkbench(vsix, runs, workspace, store, ids));
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** The measured part, in code-server and chromium: run under the VS Code lock. */
async function inWorkbench(vsix: string, runs: number, workspace: string, store: RunStore, ids: readonly string[]): Promise<void> {
  let wb: Workbench | undefined;
  try {
    let consoleUnresponsive = 0;
    process.env.RUNLENS_VSIX = vsix;
    wb = await Workbench.open({ workspace });
    wb.page.on('console', (m) => { if (/unresponsive/i.test(m.text())) consoleUnresponsive++; });
    // The extension host starts once the page connects: looked for until found.
    let host: number | undefined;
    let peak = 0;
    const sample = (): void => {
      host ??= extensionHostPid(serverPid);
      if (host) peak = Math.max(peak, rssMb(host));
    };
    const serverPid = wb.serverPid;
    const sampler = setInterval(sample, 250);
    try {
      const opened = Date.now();
      await wb.openContainer('Runlens');
      const firstRows = await firstRowIs(wb, `${PREFIX}-${ids.length}`, opened);
      report({ name: `Runs view, ${runs} runs: first rows after the view opens (workbench)`, value: firstRows, unit: 'ms', target: '<= 2000 ms', pass: firstRows <= 2000 });

      const newRows: number[] = [];
      for (let k = 1; k <= 3; k++) {
        const name = `bench-new-${k}`;
        const started = Date.now();
        const w = await store.createRun({ name, experiment: EXPERIMENTS[(runs - 1) % EXPERIMENTS.length] ?? null, command: ['python', 'train.py'], shell: false, cwd: workspace, params: {}, env: {} });
        await w.markStarted({ host: hostname(), supervisorPid: process.pid, childPid: null }, {});
        newRows.push(await firstRowIs(wb, name, started));
        await w.finish({ status: 'finished', exitCode: 0, signal: null });
        await wb.page.waitForTimeout(1500); // the next run is not paced behind this row's redraw
      }
      const newRow = Math.max(...newRows);
      report({ name: `Runs view, ${runs} runs: a new run's row after it starts, worst of ${newRows.join(' / ')} ms`, value: newRow, unit: 'ms', target: '<= 1000 ms', pass: newRow <= 1000 });

      // tag:baseline keeps every tenth generated run: the newest of them leads the first group.
      const baseline = Math.floor((runs - 1) / 10) * 10 + 1;
      await wb.runCommand('Runlens: Filter Runs...');
      const input = wb.page.locator('.quick-input-widget input[type="text"]');
      await input.fill('tag:baseline');
      await wb.page.waitForTimeout(500);
      const applied = Date.now();
      await wb.page.keyboard.press('Enter');
      const apply = await firstRowIs(wb, `${PREFIX}-${baseline}`, applied);
      report({ name: `Runs view, ${runs} runs: filter applied (Enter to the filtered first row)`, value: apply, unit: 'ms', target: '<= 500 ms', pass: apply <= 500 });
      await wb.page.waitForTimeout(1500);
      await wb.runCommand('Runlens: Clear Filter');
      const clear = await firstRowIs(wb, 'bench-new-3', Date.now());
      report({ name: `Runs view, ${runs} runs: Clear Filter (Enter to the first row back)`, value: clear, unit: 'ms', target: '<= 500 ms', pass: clear <= 500 });
      await wb.screenshot(`bench-runs-view-${runs}`);
    } finally {
      clearInterval(sampler);
    }
    sample();
    report({ name: `Runs view, ${runs} runs: extension host RSS, peak over the scenario`, value: peak, unit: 'MB', target: '<= 300 MB', pass: peak > 0 && peak <= 300 });
    const unresponsive = unresponsiveInLogs(join(wb.stateDir, 'user', 'logs')) + consoleUnresponsive;
    report({ name: `Runs view, ${runs} runs: "extension host unresponsive" in the workbench logs`, value: unresponsive, unit: 'times', target: '0', pass: unresponsive === 0 });
  } finally {
    await wb?.close();
  }
}

/** Packages the extension as test/runners/package.ts does, from the repository root (this bundle lives in out/bench). */
export function packageVsix(): string {
  const out = join(repoRoot(), 'out', 'runlens.vsix');
  const r = spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd: repoRoot(), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

/** Packages the extension once, then runs the scenario at each store size. */
export async function bench(): Promise<void> {
  // 100 runs first: the workbench's own start and the extension's activation, as a baseline.
  const sizes = (process.env.RUNLENS_BENCH_RUNS ?? '100,5000,20000,100000').split(',').map(Number).filter((n) => n > 0);
  const vsix = process.env.RUNLENS_VSIX ?? packageVsix();
  for (const runs of sizes) {
    console.log(`  -- ${runs} runs`);
    await scenario(vsix, runs);
  }
}
