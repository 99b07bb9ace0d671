// Runs the Slurm suite (test/slurm) against a real single-node cluster: starts it under a temp
// folder (test/support/slurmCluster.ts), runs mocha with its SLURM_CONF, and stops it by its pid
// files whatever happened. Prints mocha's `N passed, N failed` line for scripts/test-all.mjs.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { slurmInstalled, startSlurmCluster } from '../support/slurmCluster';

const ROOT = resolve(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  if (!slurmInstalled()) {
    console.error('slurm: the Debian packages slurm-wlm and munge are not installed (.ci/run installs them: apt-get install slurm-wlm munge)');
    return 1;
  }
  const cluster = await startSlurmCluster();
  console.log(`slurm: test cluster up (SLURM_CONF=${cluster.conf})`);
  try {
    const only = process.env.RUNLENS_TEST_FILES?.split(',').map((f) => `out/test/slurm/${f}`) ?? ['out/test/slurm/**/*.test.js'];
    const child = spawn(process.execPath, [resolve(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'),
      '--enable-source-maps', '--timeout', '240000', '--reporter', 'test/support/summary-reporter.cjs', ...only], {
      cwd: ROOT, stdio: 'inherit', env: { ...cluster.env, RUNLENS_TEST_NODE_LOCAL: cluster.nodeLocal },
    });
    return await new Promise<number>((done) => child.on('close', (code) => done(code ?? 1)));
  } finally {
    await cluster.stop();
  }
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
