// Requeue on Slurm and Rerun Failed Points in a real VS Code: an ended run that ran on Slurm keeps
// the `.slurm` context marker its menu entries are gated on (a local failed run has none), and both
// commands hand that run to the CLI (`runlens slurm requeue|rerun-failed RUN`) in a terminal. What
// the CLI then does on a cluster is tested against a real one in test/slurm/again.test.ts.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { type Launch } from '../../src/extension/run/terminal';
import { Harness } from './actionsSupport';
import { poll } from './poll';

describe('Runs view: Slurm second attempts', () => {
  let h: Harness;
  const launches: Launch[] = [];

  before(async () => {
    h = await Harness.start();
    await h.cleanup();
  });

  after(async () => {
    for (const l of launches) l.terminal.dispose();
    await h.cleanup();
  });

  it('marks ended Slurm rows and hands them to the CLI; a local failed run is told it did not run on Slurm', async () => {
    const [onSlurm] = await h.store.createRuns([{ experiment: 'train', command: ['python', 'train.py'], shell: false, cwd: h.store.workspaceRoot, params: { lr: 1 }, env: {}, status: 'queued', slurm: { submission: 'sub', task: 0 } }]);
    assert.ok(onSlurm);
    await h.store.settle(onSlurm.id, () => ({ status: 'failed', error: 'Slurm: TIMEOUT (job 7_0): the job ran over its time limit (--time) and Slurm ended it' }));
    const local = await h.run('local-failed', { status: 'failed' });

    // Ended, the run has no Slurm task any more: the marker comes from the run itself.
    const slurmRow = await poll('the Slurm run\'s row, failed', async () => {
      const r = await h.row(onSlurm.name);
      return /^run\.failed/.test(String(r.item.contextValue)) ? r : undefined;
    });
    assert.match(String(slurmRow.item.contextValue), /^run\.failed.*\.slurm$/);
    const localRow = await poll('the local run\'s row, failed', async () => {
      const r = await h.row('local-failed');
      return r.item.contextValue === 'run.failed' ? r : undefined;
    });

    const requeue = await vscode.commands.executeCommand<Launch | undefined>('runlens.requeueSlurmRun', slurmRow.node);
    assert.ok(requeue, 'a terminal runs the CLI');
    launches.push(requeue);
    assert.deepEqual([requeue.args[0], ...requeue.args.slice(-2)], ['slurm', 'requeue', onSlurm.id], requeue.args.join(' '));
    const rerun = await vscode.commands.executeCommand<Launch | undefined>('runlens.rerunFailedPoints', slurmRow.node);
    assert.ok(rerun, 'a terminal runs the CLI');
    launches.push(rerun);
    assert.deepEqual([rerun.args[0], ...rerun.args.slice(-2)], ['slurm', 'rerun-failed', onSlurm.id], rerun.args.join(' '));

    const terminals = vscode.window.terminals.length;
    assert.equal(await vscode.commands.executeCommand('runlens.requeueSlurmRun', localRow.node), undefined);
    assert.equal(await vscode.commands.executeCommand('runlens.rerunFailedPoints', h.ref(local)), undefined);
    assert.equal(vscode.window.terminals.length, terminals, 'nothing started for a local run');
  });
});
