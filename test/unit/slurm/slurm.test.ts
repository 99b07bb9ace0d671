// The Slurm executor's pure parts: `executor:` in runlens.yaml (schema and normalising), command-line
// overrides, sbatch argv, array splitting under MaxArraySize, squeue parsing and how Slurm's end
// states settle a run, and the quoting of the generated task script (run through a real /bin/sh).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { parseConfig } from '../../../src/core/config/config';
import { resolveExecutor, sbatchOptionArgs, LOCAL } from '../../../src/core/slurm/options';
import { arraySpec, indexRanges, splitIntoArrays, ArrayLimitError } from '../../../src/core/slurm/arrays';
import { parseClusterLimits } from '../../../src/core/slurm/commands';
import { parseSqueue, settleFromJob } from '../../../src/core/slurm/jobState';
import { shellQuote, slurmPathLiteral, taskScript } from '../../../src/core/slurm/script';
import { taskJobId, type Submission } from '../../../src/core/slurm/record';
import { whyNotRequeuable } from '../../../src/core/slurm/requeue';
import { type RunManifest } from '../../../src/core/model';

function config(executor: string): ReturnType<typeof parseConfig> {
  return parseConfig(`experiments:\n  train:\n    command: python train.py\n    executor: ${executor}\n`, 'runlens.yaml');
}

describe('Slurm executor: configuration', () => {
  it('reads executor: slurm with its sbatch options, and local', () => {
    const c = config('{ slurm: { partition: gpu, time: "02:00:00", gpus: 1, cpus: 4, mem: 16G, account: ml, extra: ["--qos=normal"] } }');
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.experiments.get('train')?.executor, {
      kind: 'slurm', slurm: { partition: 'gpu', time: '02:00:00', gpus: 1, cpus: 4, mem: '16G', account: 'ml', extra: ['--qos=normal'] },
    });
    assert.deepEqual(config('local').experiments.get('train')?.executor, LOCAL);
  });

  it('reports a misspelt or malformed executor like any other key', () => {
    assert.match(config('{ slurm: { partiton: gpu } }').problems.map((p) => p.message).join('\n'), /partiton/);
    assert.ok(config('{ slurm: { time: "two hours" } }').problems.length > 0, 'a time Slurm would refuse');
    assert.ok(config('{ slurm: { extra: ["qos=normal"] } }').problems.length > 0, 'an extra option must start with -');
    assert.ok(config('kubernetes').problems.length > 0);
  });

  it('applies --on and --slurm-* over the config, one option at a time', () => {
    const cfg = { kind: 'slurm' as const, slurm: { partition: 'gpu', time: '10' } };
    assert.deepEqual(resolveExecutor(cfg, { slurm: { time: '20' } }), { kind: 'slurm', slurm: { partition: 'gpu', time: '20' } });
    assert.deepEqual(resolveExecutor(cfg, { on: 'local' }), LOCAL);
    assert.deepEqual(resolveExecutor(LOCAL, { on: 'slurm' }), { kind: 'slurm', slurm: {} });
    assert.throws(() => resolveExecutor(LOCAL, { slurm: { partition: 'x' } }), /add --on slurm/);
    assert.throws(() => resolveExecutor(LOCAL, { on: 'cloud' }), /"local" or "slurm"/);
    assert.throws(() => resolveExecutor(LOCAL, { on: 'slurm', slurm: { partition: 'a b; rm -rf /' } }), /not a partition name/);
  });

  it('turns options into sbatch argv elements, extra ones as they are', () => {
    assert.deepEqual(sbatchOptionArgs({ partition: 'gpu', account: 'ml', time: '1:00:00', cpus: 4, mem: '16G', gpus: 2, extra: ['--qos=normal', '--constraint=a100'] }), [
      '--partition=gpu', '--account=ml', '--time=1:00:00', '--cpus-per-task=4', '--mem=16G', '--gpus=2', '--qos=normal', '--constraint=a100',
    ]);
    assert.deepEqual(sbatchOptionArgs({ gpus: 0 }), []);
  });
});

describe('Slurm executor: job arrays', () => {
  it('reads MaxArraySize and MaxJobCount from scontrol show config', () => {
    const text = 'Configuration data as of 2026-12-07T09:00:00\nMaxArraySize            = 1001\nMaxJobCount             = 10000\nMaxStepCount = 40000\n';
    assert.deepEqual(parseClusterLimits(text), { maxArraySize: 1001, maxJobCount: 10000 });
    assert.deepEqual(parseClusterLimits('nothing here'), { maxArraySize: 1001, maxJobCount: 10000 }, 'Slurm\'s defaults');
  });

  it('splits a sweep past MaxArraySize into arrays whose indices stay below it', () => {
    assert.deepEqual(splitIntoArrays(6, { maxArraySize: 1001, maxJobCount: 10000 }), [{ first: 0, count: 6 }]);
    const chunks = splitIntoArrays(5000, { maxArraySize: 1001, maxJobCount: 10000 });
    assert.deepEqual(chunks.map((c) => c.count), [1001, 1001, 1001, 1001, 996]);
    assert.equal(chunks.reduce((n, c) => n + c.count, 0), 5000);
    assert.throws(() => splitIntoArrays(20_000, { maxArraySize: 1001, maxJobCount: 10000 }), ArrayLimitError);
    assert.equal(arraySpec({ first: 1001, count: 1001 }, 8), '0-1000%8');
    assert.equal(arraySpec({ first: 0, count: 1 }, null), '0');
    assert.equal(indexRanges([7, 0, 1, 2, 3, 9, 10]), '0-3,7,9-10');
  });

  it('names each task by its array and index, a resubmitted task by its newest job', () => {
    const s = { arrays: [{ jobId: '12', first: 0, count: 3, array: true }, { jobId: '13', first: 3, count: 2, array: true }] } as unknown as Submission;
    assert.deepEqual([0, 2, 3, 4, 5].map((i) => taskJobId(s, i)), ['12_0', '12_2', '13_0', '13_1', undefined]);
    s.arrays.push({ jobId: '20', first: 2, count: 1, array: false });
    assert.equal(taskJobId(s, 2), '20');
    // A requeue of some tasks: array index = task index, only those.
    s.arrays.push({ jobId: '30', first: 0, count: 5, array: true, indices: [0, 4] });
    assert.deepEqual([0, 1, 2, 4].map((i) => taskJobId(s, i)), ['30_0', '12_1', '20', '30_4']);
  });
});

describe('Slurm executor: job states', () => {
  it('parses squeue rows of single jobs, array tasks and still-folded pending arrays', () => {
    const states = parseSqueue([
      '12|0|12_0|RUNNING|None|node1', '12|[1-3%2]|12_[1-3%2]|PENDING|JobArrayTaskLimit|', '14|N/A|14|TIMEOUT|TimeLimit|node2', '',
    ].join('\n'));
    assert.deepEqual(states.get('12_0'), { id: '12_0', state: 'RUNNING', node: 'node1' });
    assert.deepEqual(['12_1', '12_2', '12_3'].map((id) => states.get(id)?.reason), Array(3).fill('JobArrayTaskLimit'));
    assert.deepEqual(states.get('14'), { id: '14', state: 'TIMEOUT', reason: 'TimeLimit', node: 'node2' });
  });

  it('settles runs from Slurm\'s end states with the reason, and leaves recorded ends alone', () => {
    const job = (state: string): { id: string; state: string } => ({ id: '12_0', state });
    assert.deepEqual(settleFromJob('stopped', 'stopped by SIGTERM', job('TIMEOUT'), '12_0')?.status, 'failed');
    assert.match(settleFromJob('stopped', null, job('TIMEOUT'), '12_0')?.error ?? '', /^Slurm: TIMEOUT \(job 12_0\): .*time limit/);
    assert.equal(settleFromJob('running', null, job('OUT_OF_MEMORY'), '12_0')?.status, 'failed');
    assert.equal(settleFromJob('running', null, job('NODE_FAIL'), '12_0')?.status, 'failed');
    assert.equal(settleFromJob('stopped', null, job('CANCELLED'), '12_0')?.status, 'stopped');
    assert.equal(settleFromJob('queued', null, job('CANCELLED'), '12_0')?.status, 'stopped');
    assert.equal(settleFromJob('queued', null, undefined, '12_0')?.status, 'crashed', 'vanished without a record');
    assert.equal(settleFromJob('finished', null, job('COMPLETED'), '12_0'), undefined);
    assert.equal(settleFromJob('failed', 'exit 1', job('FAILED'), '12_0'), undefined, 'the run\'s own failure stands');
    assert.equal(settleFromJob('running', null, job('RUNNING'), '12_0'), undefined);
    assert.equal(settleFromJob('failed', 'Slurm: TIMEOUT ...', job('TIMEOUT'), '12_0'), undefined, 'applied once');
  });
});

describe('Slurm executor: the task script', () => {
  it('quotes its constants so /bin/sh passes them through unchanged', () => {
    const nasty = `it's a "path" with $HOME, \`cmd\` and ; rm -rf /`;
    assert.equal(execFileSync('/bin/sh', ['-c', `printf %s ${shellQuote(nasty)}`], { encoding: 'utf8' }), nasty);
    const script = taskScript('/opt/node bin/node', "/home/o'neil/cli.js");
    assert.match(script, /^exec '\/opt\/node bin\/node' '\/home\/o'\\''neil\/cli\.js' slurm-task "\$@"$/m);
    assert.equal(slurmPathLiteral('/data/100%/logs'), '/data/100%%/logs');
  });
});

describe('Slurm executor: requeue', () => {
  const run = (over: Partial<RunManifest>): RunManifest => ({ status: 'failed', error: null, slurm: { submission: 's', task: 0 }, ...over }) as RunManifest;

  it('requeues runs Slurm ended by preemption, time limit or node failure; others only when asked', () => {
    assert.equal(whyNotRequeuable(run({ error: 'Slurm: TIMEOUT (job 1_0): the job ran over its time limit' }), false), undefined);
    assert.equal(whyNotRequeuable(run({ error: 'Slurm: PREEMPTED (job 1_0): preempted' }), false), undefined);
    assert.match(whyNotRequeuable(run({ error: 'exit code 3' }), false) ?? '', /--any/);
    assert.equal(whyNotRequeuable(run({ error: 'exit code 3' }), true), undefined);
    assert.match(whyNotRequeuable(run({ status: 'finished' }), true) ?? '', /finished/);
    assert.match(whyNotRequeuable(run({ status: 'running' }), true) ?? '', /running/);
    assert.match(whyNotRequeuable(run({ slurm: undefined }), true) ?? '', /did not run on Slurm/);
  });
});
