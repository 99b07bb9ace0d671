// A process holding a test Slurm cluster with one task running, for test/slurm/cleanup.test.ts:
// prints one JSON line (the cluster's SLURM_CONF, slurmd's namespace, every pid of the cluster)
// once the task runs, then waits for a signal; withSlurmCluster must then leave nothing behind.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withSlurmCluster } from './slurmCluster';
import { clusterProcesses, mountNamespace } from './slurmProcesses';

void withSlurmCluster({}, async (cluster) => {
  const script = join(cluster.dir, 'sleep.sh');
  writeFileSync(script, '#!/bin/sh\nexec sleep 600\n', { mode: 0o755 });
  const job = execFileSync('sbatch', ['--parsable', `--output=${join(cluster.dir, 'sleep.out')}`, script], { env: cluster.env, encoding: 'utf8' }).trim();
  // Waits on the job's state; the test's own timeout bounds it.
  while (execFileSync('squeue', ['-h', '-j', job, '-o', '%T'], { env: cluster.env, encoding: 'utf8' }).trim() !== 'RUNNING') {
    await new Promise((res) => setTimeout(res, 200));
  }
  const pidFile = (name: string): number => Number(readFileSync(join(cluster.dir, name), 'utf8').trim());
  const daemons = ['munged.pid', 'slurmctld.pid', 'slurmd.pid'].map(pidFile);
  const ns = mountNamespace(pidFile('slurmd.pid'));
  // The task's processes may take a moment to appear after RUNNING: wait for the sleep itself.
  let pids = clusterProcesses(cluster.conf, ns);
  while (!pids.some((p) => readFileSync(`/proc/${p}/cmdline`, 'utf8').startsWith('sleep'))) {
    await new Promise((res) => setTimeout(res, 200));
    pids = clusterProcesses(cluster.conf, ns);
  }
  console.log(JSON.stringify({ conf: cluster.conf, ns, pids: [...daemons, ...pids] }));
  await new Promise(() => setInterval(() => undefined, 60_000)); // until a signal ends this process
});
