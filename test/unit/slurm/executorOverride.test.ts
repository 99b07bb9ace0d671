// The executor override of the editor's run input: read as YAML, checked by runlens.yaml's schema
// for `executor:` (the same words as the language server), and turned into `--on`/`--slurm-*` args.
import * as assert from 'node:assert/strict';
import { describeExecutor, executorArgs, formatExecutor, parseExecutorOverride } from '../../../src/core/slurm/executorOverride';
import { LOCAL } from '../../../src/core/slurm/options';

/** The message for `text`, which must be refused. */
function refusal(text: string): string {
  const r = parseExecutorOverride(text);
  assert.equal(typeof r, 'string', `${text} is refused`);
  return r as string;
}

describe('executor override', () => {
  it('reads local and Slurm options, and gives them to the CLI as arguments', () => {
    assert.deepEqual(parseExecutorOverride('local'), LOCAL);
    assert.deepEqual(parseExecutorOverride(''), LOCAL);
    const e = parseExecutorOverride('slurm: { partition: gpu, time: "02:00:00", gpus: 1, mem: 16G, extra: ["--qos=normal"] }');
    assert.deepEqual(e, { kind: 'slurm', slurm: { partition: 'gpu', time: '02:00:00', gpus: 1, mem: '16G', extra: ['--qos=normal'] } });
    assert.ok(typeof e !== 'string');
    assert.deepEqual(executorArgs(e), ['--on', 'slurm', '--slurm-partition=gpu', '--slurm-time=02:00:00', '--slurm-gpus=1', '--slurm-mem=16G', '--slurm-extra=--qos=normal']);
    assert.deepEqual(executorArgs(LOCAL), ['--on', 'local']);
    assert.equal(describeExecutor(e), 'Slurm (partition gpu, time 02:00:00, gpus 1, mem 16G, extra --qos=normal)');
  });

  it('refuses what the schema of executor: refuses, saying where', () => {
    assert.match(refusal('slurm: { gpus: -1 }'), /gpus/);
    assert.match(refusal('slurm: { time: "two hours" }'), /time/);
    assert.match(refusal('slurm: { partitoin: gpu }'), /partitoin/);
    assert.match(refusal('slurm: { extra: ["; rm -rf /"] }'), /extra/);
    assert.match(refusal('remote'), /executor/);
    assert.match(refusal('slurm: { partition: gpu'), /not YAML/);
  });

  it('formats an executor as text that reads back the same', () => {
    const e = parseExecutorOverride('slurm: { partition: debug, time: "5", cpus: 2, account: ml, extra: ["--hold"] }');
    assert.ok(typeof e !== 'string');
    assert.deepEqual(parseExecutorOverride(formatExecutor(e)), e);
    assert.equal(formatExecutor(LOCAL), 'local');
  });
});
