// The read commands of the built CLI over a workspace of three real runs: help, ls, show, logs,
// metrics and compare, in text and --json, and their errors and exit codes.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, listRuns, runCli, tempWorkspace } from './harness';
import { type RunManifest } from '../../../src/core/model';
import { compileFilter } from '../../../src/core/query/evaluate';
import { sortRuns } from '../../../src/core/query/sort';

/** Logs `loss` for 5 steps (scaled by --lr), prints some output, exits with --exit (default 0). */
const TRAIN = `
const args = process.argv.slice(2);
const get = (k, d) => { const i = args.indexOf('--' + k); return i === -1 ? d : Number(args[i + 1]); };
for (let s = 0; s < 5; s++) {
  console.log('step ' + s + ' \\u00e9\\u4e2d');
  console.log('@runlens ' + JSON.stringify({ step: s, metrics: { loss: get('lr', 1) * (5 - s) } }));
}
process.exit(get('exit', 0));
`;

describe('runlens read commands', function () {
  this.timeout(30_000);
  let ws: string;
  const byName = new Map<string, RunManifest>();

  before(async () => {
    ws = tempWorkspace({ 'train.js': TRAIN });
    for (const [name, extra] of [['alpha', ['--tag', 'base']], ['beta', []], ['gamma', []]] as const) {
      const cmd = ['node', 'train.js', '--lr', { alpha: '0.1', beta: '0.01', gamma: '0.5' }[name], '--layers', '2', ...(name === 'gamma' ? ['--exit', '2'] : [])];
      await runCli(['run', '--name', name, ...extra, '--', ...cmd], ws);
    }
    for (const m of await listRuns(ws)) byName.set(m.name, m);
  });
  after(() => cleanup(ws));

  const id = (name: string): string => byName.get(name)?.id ?? assert.fail(`no run ${name}`);

  it('prints help: overview, per command (two ways), and usage errors exit 2', async () => {
    const overview = await runCli(['--help'], ws);
    assert.equal(overview.code, 0);
    for (const c of ['run', 'ls', 'show', 'logs', 'metrics', 'compare', 'stop', 'rm', 'restore', 'trash']) assert.match(overview.out, new RegExp(`\\n  ${c} `));
    const a = await runCli(['help', 'ls'], ws);
    const b = await runCli(['ls', '--help'], ws);
    assert.equal(a.out, b.out);
    assert.match(a.out, /Usage: runlens ls/);
    assert.match(a.out, /--sort KEY\[:asc\|desc\]/);
    assert.match(a.out, /--filter EXPR/);
    assert.equal((await runCli([], ws)).code, 2);
    const unknown = await runCli(['lss'], ws);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /^runlens: error: unknown command "lss"/);
    const badOpt = await runCli(['ls', '--stauts', 'x'], ws);
    assert.equal(badOpt.code, 2);
    assert.match(badOpt.stderr, /did you mean --status\?/);
  });

  it('ls lists, filters, sorts and limits; --json gives the manifests', async () => {
    const table = await runCli(['ls'], ws);
    assert.equal(table.code, 0);
    const lines = table.out.trim().split('\n');
    assert.match(lines[0] ?? '', /^ID\s+NAME\s+STATUS\s+EXPERIMENT\s+STARTED\s+DURATION\s+loss\s+TAGS$/);
    assert.deepEqual(lines.slice(1).map((l) => l.split(/\s+/)[1]), ['gamma', 'beta', 'alpha']);

    const json = JSON.parse((await runCli(['ls', '--json'], ws)).out) as RunManifest[];
    assert.deepEqual(json.map((m) => m.name), ['gamma', 'beta', 'alpha']);
    assert.equal(json[2]?.metrics.loss?.last, 0.1);
    assert.deepEqual(json[2]?.params, { lr: 0.1, layers: 2 });

    const names = async (...args: string[]): Promise<string[]> =>
      (JSON.parse((await runCli(['ls', '--json', ...args], ws)).out) as RunManifest[]).map((m) => m.name);
    assert.deepEqual(await names('--status', 'failed'), ['gamma']);
    assert.deepEqual(await names('--status', 'finished,failed', '--sort', 'loss', '--asc'), ['beta', 'alpha', 'gamma']);
    assert.deepEqual(await names('--status', 'finished', '--status', 'running'), ['beta', 'alpha']);
    assert.deepEqual(await names('--sort', 'loss', '--limit', '1'), ['gamma']);
    assert.deepEqual(await names('--tag', 'base'), ['alpha']);
    // Four letters: a bare word also matches run ids, whose random 6-character suffix could hold a shorter one.
    assert.deepEqual(await names('BETA'), ['beta']);
    const bad = await runCli(['ls', '--status', 'done'], ws);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown status "done"/);
  });

  it('ls filters and sorts with the Runs view\'s language and order (core\'s filter and sort)', async () => {
    const names = async (...args: string[]): Promise<string[]> => {
      const r = await runCli(['ls', '--json', ...args], ws);
      assert.equal(r.code, 0, r.stderr);
      return (JSON.parse(r.out) as RunManifest[]).map((m) => m.name);
    };
    assert.deepEqual(await names('--filter', 'lr < 0.2 and layers = 2'), ['beta', 'alpha']);
    assert.deepEqual(await names('--filter', 'status:failed or tag:base'), ['gamma', 'alpha']);
    assert.deepEqual(await names('--filter', 'not status:failed', 'alph'), ['alpha'], 'positional words and --filter both apply');
    assert.deepEqual(await names('--sort', 'loss:asc'), ['beta', 'alpha', 'gamma']);
    assert.deepEqual(await names('--sort', 'loss:desc'), ['gamma', 'alpha', 'beta']);
    assert.deepEqual(await names('--sort', 'name'), ['alpha', 'beta', 'gamma']);
    // Exactly the tree's order, from core, for a metric no run has (ties: newest first).
    const all = await listRuns(ws);
    assert.deepEqual(await names('--sort', 'nothing:asc'), sortRuns(all, { by: 'metric', metric: 'nothing', direction: 'asc' }).map((m) => m.name));
    assert.deepEqual(await names('--filter', 'loss >= 0.5'), all.filter(compileFilter('loss >= 0.5')).map((m) => m.name));
    const bad = await runCli(['ls', '--filter', 'loss > '], ws);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /bad filter "loss > ": Column \d+/);
  });

  it('show prints the run; --json is the manifest; an unknown run exits 3 with a hint', async () => {
    const text = await runCli(['show', 'gamma'], ws);
    assert.equal(text.code, 0);
    assert.match(text.out, /^gamma \(\S+\) failed/);
    assert.match(text.out, /error:\s+exited with code 2/);
    assert.match(text.out, /command:\s+node train.js --lr 0.5 --layers 2 --exit 2/);
    assert.match(text.out, /lr\s+0.5/);
    assert.match(text.out, /loss\s+0.5\s+0.5\s+2.5\s+5\s+4/);

    const byPrefix = JSON.parse((await runCli(['show', id('alpha').slice(0, 24), '--json'], ws)).out) as RunManifest;
    assert.equal(byPrefix.id, id('alpha'));
    assert.equal(byPrefix.status, 'finished');

    const missing = await runCli(['show', 'nope'], ws);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /^runlens: error: no run "nope"/);
    assert.match(missing.stderr, /runlens ls/);
  });

  it('logs prints the captured output byte for byte', async () => {
    const r = await runCli(['logs', 'alpha'], ws);
    assert.equal(r.code, 0);
    assert.deepEqual(r.stdout, readFileSync(join(ws, '.runlens', 'runs', id('alpha'), 'output.log')));
    assert.match(r.out, /step 4 é中/);
  });

  it('metrics prints CSV and JSON; an unknown metric exits 3', async () => {
    const csv = await runCli(['metrics', 'alpha', '--csv'], ws);
    assert.equal(csv.code, 0);
    const rows = csv.out.trim().split('\n');
    assert.equal(rows[0], 'metric,step,time,value');
    assert.equal(rows.length, 6);
    assert.match(rows[5] ?? '', /^loss,4,\d{4}-\d\d-\d\dT[\d:.]+Z,0\.1$/);

    const json = JSON.parse((await runCli(['metrics', 'alpha', '--json', '-m', 'loss'], ws)).out) as {
      id: string; metrics: Record<string, { steps: number[]; times: number[]; values: number[] }>;
    };
    assert.equal(json.id, id('alpha'));
    assert.deepEqual(json.metrics.loss?.steps, [0, 1, 2, 3, 4]);
    assert.deepEqual(json.metrics.loss?.values, [0.5, 0.4, 0.30000000000000004, 0.2, 0.1]);

    const bad = await runCli(['metrics', 'alpha', '-m', 'acc'], ws);
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /no metric "acc".*\n.*its metrics: loss/);
  });

  it('compare shows params that differ and metrics side by side', async () => {
    const text = await runCli(['compare', 'alpha', 'beta'], ws);
    assert.equal(text.code, 0);
    assert.match(text.out, /Params that differ\n\s+alpha\s+beta\nlr\s+0.1\s+0.01/);
    assert.match(text.out, /same in all: layers/);
    const json = JSON.parse((await runCli(['compare', 'alpha', 'beta', '--json'], ws)).out) as {
      runs: { name: string }[]; params: Record<string, unknown[]>; sameParams: string[]; metrics: Record<string, ({ last: number } | null)[]>;
    };
    assert.deepEqual(json.runs.map((r) => r.name), ['alpha', 'beta']);
    assert.deepEqual(json.params, { lr: [0.1, 0.01] });
    assert.deepEqual(json.sameParams, ['layers']);
    assert.deepEqual(json.metrics.loss?.map((s) => s?.last), [0.1, 0.01]);
    assert.equal((await runCli(['compare', 'alpha'], ws)).code, 2);
  });

  it('compare marks the better run of each metric by its goal (loss: lower is better)', async () => {
    const text = await runCli(['compare', 'alpha', 'beta', 'gamma'], ws);
    assert.equal(text.code, 0, text.stderr);
    // beta's loss (0.01) is the lowest of the three: it alone is starred.
    assert.match(text.out, /^loss \(lower is better\)\s+0\.1 \[[^\]]+\]\s+0\.01 \* \[[^\]]+\]\s+0\.5 \[/m);
    const json = JSON.parse((await runCli(['compare', 'alpha', 'beta', 'gamma', '--json'], ws)).out) as { goals: Record<string, string | null>; best: Record<string, number[]> };
    assert.deepEqual(json.goals, { loss: 'min' });
    assert.deepEqual(json.best, { loss: [1] });
  });
});
