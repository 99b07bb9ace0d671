// The Runs view shows runs on Slurm with their job and state: a sweep submitted as a job array with
// at most one task at a time has one row RUNNING on the node and the others PENDING with Slurm's
// reason. Needs a cluster: test/runners/slurm.ts runs this file with its SLURM_CONF (elsewhere it is skipped).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eTempDir } from './cli';
import { useWorkbench } from './suite';

const CONFIG = [
  'experiments:',
  '  wait:',
  '    command: python3 -c "import time; time.sleep(600)" ${n}',
  '    params: {n: 0}',
  '    executor:',
  '      slurm: { time: "15" }',
  '',
].join('\n');

function slurmWorkspace(): string {
  const ws = e2eTempDir('runlens-slurm-e2e-');
  writeFileSync(join(ws, 'runlens.yaml'), CONFIG);
  const git = (...args: string[]): void => void execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: ws });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'init');
  return ws;
}

(process.env.SLURM_CONF ? describe : describe.skip)('Runs on Slurm in the Runs view', function () {
  this.timeout(300_000);
  let job = '';
  const suite = useWorkbench({
    workspace: slurmWorkspace,
    prepare(ws) {
      const cli = join(__dirname, '..', '..', '..', 'dist', 'cli.js');
      const out = execFileSync(process.execPath, [cli, 'sweep', 'wait', '--grid', 'n=1,2,3', '-j', '1'], { cwd: ws, encoding: 'utf8' });
      job = /\t(\d+)_/.exec(out)?.[1] ?? '';
    },
  });
  after(() => {
    if (job) execFileSync('scancel', [job]);
  });

  it('shows the job id and state of queued and running rows', async () => {
    const wb = suite.wb;
    await wb.openContainer('Runlens');
    const runs = wb.pane('Runs');
    // The first look at Slurm happens as the view opens; later ones every 30 s (or on Refresh).
    await runs.locator('.monaco-list-row', { hasText: /RUNNING on \S+ · job \d+_0/ }).waitFor({ timeout: 120_000 });
    await runs.locator('.monaco-list-row', { hasText: /PENDING \(JobArrayTaskLimit\) · job \d+_[12]/ }).first().waitFor({ timeout: 60_000 });
    await wb.screenshot('90-slurm-rows');
  });
});
