// Runs the e2e suites (test/e2e/*.test.js) with mocha against the packaged extension: builds the
// .vsix once, then each suite starts its own code-server and chromium. Prints `N passed, N failed`.
// A suite file with a failure is run once more in a fresh process (new code-server, new browser):
// on a loaded 2-core machine the workbench sometimes drops a keypress or a focus; a real defect
// fails twice. Every first failure stays in the log and is named in a "flaky" line at the end.
// The suites' workspaces go into one folder of this run (RUNLENS_E2E_TMP), removed when it ends.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import Mocha from 'mocha';
import { packageVsix } from './package';
import { ensureToolchain } from './toolchain';

const ROOT = resolve(__dirname, '..', '..', '..');
/** Set in the process that re-runs a failed file: it reuses the .vsix and does not retry again. */
const RETRY_ENV = 'RUNLENS_E2E_RETRY';
const UNKNOWN = '<no file>';

interface FileResult { passed: number; failed: number; failures: string[] }

/** Runs the given files in this process and returns each file's counts. */
function runFiles(files: string[]): Promise<Map<string, FileResult>> {
  const mocha = new Mocha({ timeout: 120_000, reporter: join(ROOT, 'test', 'support', 'summary-reporter.cjs') });
  for (const f of files) mocha.addFile(f);
  const results = new Map<string, FileResult>(files.map((f) => [f, { passed: 0, failed: 0, failures: [] }]));
  // A failure whose file mocha cannot name (it should not happen) is kept, and never retried.
  const of = (t: Mocha.Runnable): FileResult => {
    const key = t.file && results.has(t.file) ? t.file : UNKNOWN;
    if (!results.has(key)) results.set(key, { passed: 0, failed: 0, failures: [] });
    return results.get(key)!;
  };
  return new Promise((done) => {
    const runner = mocha.run(() => done(results));
    runner.on('pass', (t) => { of(t).passed++; });
    // A failing hook (before/after) counts as a failure of its file too.
    // The error's first line goes into the summary lines too (mocha's report above has it whole).
    runner.on('fail', (t, err: unknown) => { const r = of(t); r.failed++; r.failures.push(`${t.fullTitle()}: ${firstLine(err)}`); });
  });
}

/** The first line of a failure's message (a timeout's call log follows on later lines). */
function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n').find((l) => l.trim() !== '')?.trim() ?? '(no message)';
}

/** Runs one file in a child process (fresh module state) and reads its summary line. */
function rerun(file: string): Promise<FileResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [__filename, basename(file)], { env: { ...process.env, [RETRY_ENV]: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => { process.stdout.write(chunk); out += chunk.toString('utf8'); });
    child.on('close', (code) => {
      const m = [...out.matchAll(/^(\d+) passed, (\d+) failed/gm)].pop();
      const passed = m ? Number(m[1]) : 0;
      const failed = m ? Number(m[2]) : 1;
      done({ passed, failed: code !== 0 && failed === 0 ? 1 : failed, failures: [] });
    });
  });
}

async function main(): Promise<number> {
  ensureToolchain();
  const isRetry = process.env[RETRY_ENV] === '0';
  // A retry works in its parent's folder, which the parent removes.
  if (!isRetry || !process.env.RUNLENS_E2E_TMP) process.env.RUNLENS_E2E_TMP = mkdtempSync('/tmp/rle2e-run-');
  if (!isRetry || !process.env.RUNLENS_VSIX) process.env.RUNLENS_VSIX = packageVsix();
  const dir = join(ROOT, 'out', 'test', 'e2e');
  const only = process.argv[2];
  const files = readdirSync(dir).filter((n) => n.endsWith('.test.js') && (!only || n.includes(only))).sort().map((f) => join(dir, f));
  const first = await runFiles(files);
  if (isRetry) return [...first.values()].some((r) => r.failed > 0) ? 1 : 0;

  let passed = 0;
  let failed = 0;
  const flaky: string[] = [];
  for (const [file, r] of first) {
    if (r.failed === 0 || file === UNKNOWN) { passed += r.passed; failed += r.failed; continue; }
    console.log(`\n===== ${basename(file)} failed (${r.failures.join('; ')}): running it once more in a fresh workbench`);
    const again = await rerun(file);
    passed += again.passed;
    failed += again.failed;
    if (again.failed === 0) flaky.push(`${basename(file)} (${r.failures.join('; ')})`);
  }
  if (flaky.length > 0) console.log(`\nflaky (failed once, passed in a fresh workbench): ${flaky.join(', ')}`);
  console.log(`\n${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

/** Removes this run's workspaces (a retry's are its parent's to remove). */
function removeWorkspaces(): void {
  const dir = process.env.RUNLENS_E2E_TMP;
  if (dir && process.env[RETRY_ENV] !== '0') rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    removeWorkspaces();
    process.exit(130);
  });
}

main().then((code) => {
  removeWorkspaces();
  process.exit(code);
}, (e: unknown) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  removeWorkspaces();
  process.exit(1);
});
