// `npm test`: every check in order (build, typecheck, lint, unit, Python client, integration in a
// real VS Code, e2e in the workbench). Runs them all even after a failure so one CI log shows every
// problem, then prints the plain total line and exits non-zero if anything failed.
import { spawn } from 'node:child_process';

const steps = [
  { name: 'build', cmd: 'node', args: ['esbuild.mjs', '--tests'], fatal: true },
  { name: 'typecheck', cmd: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'lint', cmd: 'npm', args: ['run', '--silent', 'lint'] },
  { name: 'unit', cmd: 'npx', args: ['mocha', '--config', 'test/unit/.mocharc.json'] },
  { name: 'python', cmd: 'python3', args: ['test/python/run.py'] },
  // A real single-node Slurm cluster (started and stopped by the runner) for the Slurm executor.
  { name: 'slurm', cmd: 'node', args: ['out/test/runners/slurm.js'] },
  { name: 'integration', cmd: 'node', args: ['out/test/runners/codeServerIntegration.js'] },
  // The same suite on the oldest VS Code that engines.vscode claims (code-server 4.93.1 = 1.93.1).
  { name: 'integration-oldest', cmd: 'node', args: ['out/test/runners/codeServerIntegration.js', '--oldest'] },
  { name: 'e2e', cmd: 'node', args: ['out/test/runners/e2e.js'] },
];

/**
 * The failures a step's mocha runs printed, one line each (`title: first error line`), so the last
 * lines of a CI log name what failed and not only how many.
 */
function failuresIn(output) {
  const lines = output.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const found = [];
  let inFailing = false;
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*\d+ failing\s*$/.test(lines[i])) inFailing = true;
    else if (/^\s*\d+ passing/.test(lines[i])) inFailing = false;
    const m = inFailing ? /^\s+\d+\) (.*)$/.exec(lines[i]) : null;
    if (!m) continue;
    // Mocha prints the suite, then the test title ending in ':', then the error's first line.
    const parts = [m[1].trim()];
    let j = i + 1;
    while (j < lines.length && parts.length < 6 && lines[j].trim() !== '') {
      parts.push(lines[j].trim());
      if (/:$/.test(lines[j].trim())) { j++; break; }
      j++;
    }
    while (j < lines.length && lines[j].trim() === '') j++;
    const error = j < lines.length ? lines[j].trim() : '';
    found.push(`${parts.join(' ')} ${error}`.slice(0, 240));
  }
  return found;
}

/** Runs one step, echoing its output, and returns its exit code and the last `N passed, N failed` it printed. */
function runStep(step) {
  return new Promise((resolve) => {
    // stderr is read too: the integration runner relays VS Code's mocha report (its failures) there.
    const child = spawn(step.cmd, step.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let counts;
    let tail = '';
    let all = '';
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      all = (all + chunk.toString('utf8')).slice(-8 * 1024 * 1024);
    });
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      // Bounded: a step's whole output is at most a few MB; keep the last 8 MB for the failure list.
      all = (all + chunk.toString('utf8')).slice(-8 * 1024 * 1024);
      tail = (tail + chunk.toString('utf8')).slice(-4096);
      for (const m of tail.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)) counts = { passed: +m[1], failed: +m[2] };
    });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), counts, failures: failuresIn(all) }));
  });
}

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
const summary = [];
const failures = [];
for (const step of steps.filter((s) => only.length === 0 || only.includes(s.name) || s.name === 'build')) {
  console.log(`\n===== ${step.name}: ${step.cmd} ${step.args.join(' ')}`);
  const started = Date.now();
  const { code, counts, failures: stepFailures } = await runStep(step);
  for (const f of stepFailures) failures.push(`${step.name}: ${f}`);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (counts) {
    passed += counts.passed;
    failed += counts.failed;
  }
  // A step that failed without reporting a failed test (a crash, a type or lint error) counts once.
  if (code !== 0 && !(counts && counts.failed > 0)) failed += 1;
  summary.push(`${code === 0 ? 'ok  ' : 'FAIL'} ${step.name.padEnd(12)} ${secs.padStart(6)} s${counts ? `  ${counts.passed} passed, ${counts.failed} failed` : ''}`);
  if (code !== 0 && step.fatal) break;
}
console.log(`\n===== summary\n${summary.join('\n')}`);
// Last in the log, where a CI page that shows only the tail still names what failed.
if (failures.length > 0) console.log(`\nfailed:\n${failures.slice(0, 12).map((f) => `- ${f}`).join('\n')}${failures.length > 12 ? `\n- ... and ${failures.length - 12} more` : ''}`);
console.log(`\ntotal: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
