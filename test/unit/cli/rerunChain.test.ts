// `runlens rerun --stale-chain` of the built CLI over a real three-stage pipeline: the stale runs
// upstream of a run rerun first, in order, each with its own recorded params, through the queue;
// a fresh run queues nothing; a stage that fails stops the chain and cancels what waited.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RunManifest } from '../../../src/core/model';
import { cleanup, listRuns, runCli, tempWorkspace } from './harness';

/** Copies its input to its output with a stage mark; fails when the input says "fail". */
const STAGE = `
const fs = require('fs');
const [input, output, mark] = process.argv.slice(2);
const text = fs.readFileSync(input, 'utf8');
if (text.includes('fail')) process.exit(3);
fs.writeFileSync(output, text + mark + '\\n');
`;

const CONFIG = `version: 1
experiments:
  prepare:
    command: [node, stage.js, data/raw.csv, features.csv, prepared]
    datasets: [data/raw.csv]
    outputs: [features.csv]
  train:
    command: [node, stage.js, features.csv, model.txt, "trained \${lr}"]
    params:
      lr: 0.1
    datasets: [features.csv]
    outputs: [model.txt]
  evaluate:
    command: [node, stage.js, model.txt, report.txt, evaluated]
    datasets: [model.txt]
    outputs: [report.txt]
`;

describe('runlens rerun --stale-chain', function () {
  this.timeout(90_000);
  let ws: string;

  async function cli(...args: string[]): Promise<{ code: number | null; stderr: string; out: string }> {
    return runCli(args, ws);
  }
  const newest = (runs: RunManifest[], exp: string): RunManifest | undefined => runs.find((m) => m.experiment === exp);

  before(async () => {
    ws = tempWorkspace({ 'stage.js': STAGE, 'runlens.yaml': CONFIG });
    mkdirSync(join(ws, 'data'));
    writeFileSync(join(ws, 'data', 'raw.csv'), 'x,y\n1,2\n');
    for (const s of [['prepare'], ['train', '-p', 'lr=0.5'], ['evaluate']]) assert.equal((await cli('run', ...s)).code, 0);
  });
  after(() => cleanup(ws));

  it('queues nothing for a run that is up to date', async () => {
    const evaluate = newest(await listRuns(ws), 'evaluate');
    assert.ok(evaluate);
    const r = await cli('rerun', evaluate.name, '--stale-chain');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /is up to date: nothing it depends on changed; nothing to rerun/);
    assert.equal((await listRuns(ws)).length, 3);
  });

  it('reruns prepare, train (its own lr) and evaluate in that order after a raw data edit, then all is fresh', async () => {
    writeFileSync(join(ws, 'data', 'raw.csv'), 'x,y\n1,2\n3,4\n');
    assert.equal((await cli('status')).code, 8);
    const before = await listRuns(ws);
    const evaluate = newest(before, 'evaluate');
    assert.ok(evaluate);
    const r = await cli('rerun', evaluate.id, '--stale-chain');
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.includes(`rerun of ${evaluate.name}: 3 of 3 runs, 0 skipped`), r.stderr);
    const added = (await listRuns(ws)).filter((m) => !before.some((b) => b.id === m.id));
    assert.equal(added.length, 3);
    const order = [...added].sort((a, b) => ((a.startedAt ?? '') < (b.startedAt ?? '') ? -1 : 1));
    assert.deepEqual(order.map((m) => [m.experiment, m.status]), [['prepare', 'finished'], ['train', 'finished'], ['evaluate', 'finished']]);
    assert.ok((order[0]?.endedAt ?? '') <= (order[1]?.startedAt ?? ''), 'train started after prepare ended');
    assert.ok((order[1]?.endedAt ?? '') <= (order[2]?.startedAt ?? ''), 'evaluate started after train ended');
    assert.equal(order[1]?.params.lr, 0.5, 'train reran with the lr it recorded, not the default');
    const after = await cli('status');
    assert.equal(after.code, 0, after.out);
  });

  it('stops at a stage that fails and cancels the runs that waited for it', async () => {
    writeFileSync(join(ws, 'data', 'raw.csv'), 'x,y\nfail\n');
    const before = await listRuns(ws);
    const evaluate = newest(before, 'evaluate');
    assert.ok(evaluate);
    const r = await cli('rerun', evaluate.name, '--stale-chain');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /did not finish, so the runs after it were not started/);
    const added = (await listRuns(ws)).filter((m) => !before.some((b) => b.id === m.id));
    assert.deepEqual(added.map((m) => [m.experiment, m.status]), [['prepare', 'failed']], 'train and evaluate were cancelled, not left queued');
  });

  it('refuses a run that is history, naming why', async () => {
    const runs = await listRuns(ws);
    const oldest = runs[runs.length - 1];
    assert.ok(oldest);
    const r = await cli('rerun', oldest.id, '--stale-chain');
    assert.equal(r.code, 5);
    assert.match(r.stderr, /has no stale chain: it is not the current result/);
  });
});
