// Global options (--workspace, --no-color, --help) are accepted before the command as well as
// after it, through the real built CLI.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { cleanup, listRuns, runCli, tempWorkspace } from './harness';

describe('runlens global options before the command', function () {
  this.timeout(30_000);
  let ws: string;
  let elsewhere: string;

  before(async () => {
    ws = tempWorkspace({ 'runlens.yaml': 'experiments: {}\n', 'echo.js': 'console.log(process.argv.slice(2).join(" "));\n' });
    elsewhere = tempWorkspace();
    assert.equal((await runCli(['run', '--name', 'first', '--', 'node', '-e', '0'], ws)).code, 0);
  });
  after(() => {
    cleanup(ws);
    cleanup(elsewhere);
  });

  it('--workspace DIR and --workspace=DIR before ls and run', async () => {
    const ls = await runCli(['--workspace', ws, 'ls'], elsewhere);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.out, /\bfirst\b/);
    const eq = await runCli([`--workspace=${ws}`, '--no-color', 'ls', '--json'], elsewhere);
    assert.equal(eq.code, 0, eq.stderr);
    assert.equal((JSON.parse(eq.out) as unknown[]).length, 1);
    // The run's own argv (after --) keeps its words, --no-color included.
    const run = await runCli(['--workspace', ws, 'run', '--name', 'second', '--', 'node', join(ws, 'echo.js'), '--no-color'], elsewhere);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.out, /^--no-color$/m);
    assert.deepEqual((await listRuns(ws)).map((m) => m.name).sort(), ['first', 'second']);
    assert.equal((await listRuns(elsewhere)).length, 0);
  });

  it('--no-color before the command, before --help and before --version', async () => {
    const ls = await runCli(['--no-color', 'ls'], ws);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.out, /\bfirst\b/);
    const help = await runCli(['--no-color', '--help'], ws);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.out, /Options for every command:/);
    const cmdHelp = await runCli(['--no-color', 'ls', '--help'], ws);
    assert.match(cmdHelp.out, /Usage: runlens ls/);
    const version = await runCli(['--no-color', '--version'], ws);
    assert.equal(version.code, 0, version.stderr);
    assert.match(version.out, /^\d+\.\d+\.\d+/);
  });

  it('an option that is not global is still refused before the command', async () => {
    const bad = await runCli(['--status', 'running', 'ls'], ws);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown command "--status" \(only the global options may come before the command\)/);
  });
});
