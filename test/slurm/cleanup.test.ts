// Stopping the test cluster leaves nothing behind: a runner killed with SIGTERM (withSlurmCluster's
// handlers) ends the daemons, the job step and the task it was running, on a second cluster of
// its own beside the suite's.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { clusterProcesses } from '../support/slurmProcesses';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('test Slurm cluster cleanup', function () {
  this.timeout(240_000);

  it('a holder killed with SIGTERM stops its daemons, job steps and running task', async () => {
    const holder = spawn(process.execPath, [resolve(__dirname, '..', 'support', 'slurmClusterHolder.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((done) => holder.on('close', (code) => done(code)));
    let out = '';
    const ready = await new Promise<{ conf: string; ns: string; pids: number[] }>((done, fail) => {
      holder.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString('utf8');
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) done(JSON.parse(line) as { conf: string; ns: string; pids: number[] });
      });
      void exited.then((code) => fail(new Error(`the holder exited (${code}) before its task ran: ${out}`)));
    });
    assert.ok(ready.pids.length >= 5, `daemons, step and task: ${ready.pids.join(' ')}`);
    assert.ok(ready.pids.every(alive));
    holder.kill('SIGTERM');
    assert.equal(await exited, 143, 'exits as killed by SIGTERM, after stopping the cluster');
    assert.deepEqual(ready.pids.filter(alive), [], 'nothing of the cluster survives');
    assert.deepEqual(clusterProcesses(ready.conf, ready.ns), []);
  });
});
