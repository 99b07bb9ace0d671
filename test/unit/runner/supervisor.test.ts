// The supervisor end to end through the built CLI: exit codes, what the child sees, metric capture,
// and failures (command not found). Signals and kill -9 are in signals.test.ts.
import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, onlyRun, runCli, tempWorkspace } from '../cli/harness';

describe('runlens run (supervisor)', function () {
  this.timeout(20_000);
  let ws: string;
  beforeEach(() => {
    ws = tempWorkspace();
  });
  afterEach(() => cleanup(ws));

  it('records a finished run with exit code 0, its raw-command params and stdout metrics', async () => {
    const script = [
      'console.log("@runlens " + JSON.stringify({ step: 1, metrics: { loss: 0.5 } }));',
      'console.error("@runlens " + JSON.stringify({ step: 1, metrics: { err_metric: 7 } }));',
      'console.log("@runlens {broken");',
      'console.log("plain line");',
    ].join('\n');
    writeFileSync(join(ws, 't.js'), script);
    const r = await runCli(['run', '--name', 'first', '--tag', 'smoke', '--', 'node', 't.js', '--lr', '0.01', '--epochs=3', '--model', 'cnn', '--amp'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.out, /plain line/);
    const m = await onlyRun(ws);
    assert.equal(m.status, 'finished');
    assert.equal(m.exitCode, 0);
    assert.equal(m.name, 'first');
    assert.deepEqual(m.tags, ['smoke']);
    assert.deepEqual(m.params, { lr: 0.01, epochs: 3, model: 'cnn', amp: true });
    assert.equal(m.metrics.loss?.last, 0.5);
    assert.equal(m.metrics.err_metric?.last, 7, 'stderr metric lines are captured too');
    assert.equal(m.badMetricLines, 1);
    assert.equal(m.versions.node, process.versions.node);
    assert.ok(m.startedAt && m.endedAt);
    const log = readFileSync(join(ws, '.runlens', 'runs', m.id, 'output.log'), 'utf8');
    assert.match(log, /plain line/);
    assert.match(log, /err_metric/);
  });

  it('exits with the child exit code and records failed with the code in the error', async () => {
    const r = await runCli(['run', '--', 'node', '-e', 'process.exit(3)'], ws);
    assert.equal(r.code, 3);
    const m = await onlyRun(ws);
    assert.equal(m.status, 'failed');
    assert.equal(m.exitCode, 3);
    assert.match(m.error ?? '', /exited with code 3/);
    assert.match(r.stderr, /failed: exited with code 3/);
  });

  it('records a command that does not exist as failed, exit 127, with a clear error', async () => {
    const r = await runCli(['run', '--', 'no-such-command-xyz', '--x', '1'], ws);
    assert.equal(r.code, 127);
    const m = await onlyRun(ws);
    assert.equal(m.status, 'failed');
    assert.match(m.error ?? '', /command not found: no-such-command-xyz/);
    assert.match(r.stderr, /command not found/);
  });

  it('gives the child RUNLENS_RUN_ID, RUNLENS_RUN_DIR, RUNLENS_PARAMS and the Python client on PYTHONPATH', async () => {
    const script = 'require("fs").writeFileSync("env.json", JSON.stringify(process.env))';
    writeFileSync(join(ws, 'env.js'), script);
    const r = await runCli(['run', '--', 'node', 'env.js', '--seed', '42'], ws, { ...process.env, NO_COLOR: '1', PYTHONPATH: '/existing' });
    assert.equal(r.code, 0, r.stderr);
    const env = JSON.parse(readFileSync(join(ws, 'env.json'), 'utf8')) as Record<string, string>;
    const m = await onlyRun(ws);
    assert.equal(env.RUNLENS_RUN_ID, m.id);
    assert.equal(env.RUNLENS_RUN_DIR, join(ws, '.runlens', 'runs', m.id));
    assert.deepEqual(JSON.parse(env.RUNLENS_PARAMS ?? ''), { seed: 42 });
    const [client, rest] = (env.PYTHONPATH ?? '').split(':');
    assert.equal(rest, '/existing');
    assert.ok(client && readFileSync(join(client, 'runlens', '__init__.py'), 'utf8').length > 0, `client at ${client}`);
  });

  it('runs an experiment from runlens.yaml with -p overrides, its env and regex metric patterns', async () => {
    cleanup(ws);
    ws = tempWorkspace({
      'runlens.yaml': [
        'experiments:',
        '  train:',
        '    command: node train.js --lr ${lr} --epochs ${epochs}',
        '    params: { lr: 0.1, epochs: 2 }',
        '    env: { MY_SEED: "7" }',
        '    metrics:',
        '      patterns:',
        '        - regex: "epoch (?<step>\\\\d+) loss=(?<loss>[0-9.]+)"',
        '',
      ].join('\n'),
      'train.js': [
        'const i = process.argv.indexOf("--epochs"); const n = Number(process.argv[i + 1]);',
        'for (let e = 0; e < n; e++) console.log(`epoch ${e} loss=${(1 / (e + 1)).toFixed(3)}`);',
        'console.log("seed", process.env.MY_SEED);',
      ].join('\n'),
    });
    const r = await runCli(['run', 'train', '-p', 'epochs=4'], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.out, /seed 7/);
    const m = await onlyRun(ws);
    assert.equal(m.experiment, 'train');
    assert.deepEqual(m.params, { lr: 0.1, epochs: 4 });
    assert.deepEqual(m.command, ['node', 'train.js', '--lr', '0.1', '--epochs', '4']);
    assert.deepEqual(m.env, { MY_SEED: '7' });
    assert.equal(m.metrics.loss?.count, 4);
    assert.equal(m.metrics.loss?.lastStep, 3);
  });

  it('records metrics a Python script logs through the client (import runlens)', async function () {
    const script = [
      'import runlens',
      'runlens.log_params({"hidden": 64})',
      'for step in range(5):',
      '    runlens.log({"loss": 1.0 / (step + 1), "nan_metric": float("nan")}, step=step)',
      'print("done", runlens.active())',
    ].join('\n');
    const r = await runCli(['run', '--', 'python3', '-c', script], ws);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.out, /done True/);
    const m = await onlyRun(ws);
    assert.equal(m.metrics.loss?.count, 5);
    assert.equal(m.metrics.loss?.last, 0.2);
    assert.ok(Number.isNaN(m.metrics.nan_metric?.last));
  });
});
