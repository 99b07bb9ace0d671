// Runs the Slurm suites against a real single-node cluster: starts it under a temp folder
// (test/support/slurmCluster.ts), runs mocha on test/slurm and then the e2e file test/e2e/slurm.test
// (the Runs view's Slurm rows) with its SLURM_CONF, and stops the cluster by its pid files whatever
// happened, also when this runner is killed (SIGTERM/SIGINT: withSlurmCluster stops the daemons, their
// jobs and the suites). Prints the total `N passed, N failed` line for scripts/test-all.mjs.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { slurmInstalled, withSlurmCluster } from '../support/slurmCluster';

const ROOT = resolve(__dirname, '..', '..', '..');

/** Runs a node script with `env`, echoing its output; resolves with its exit code and last counts line. */
function step(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; passed: number; failed: number }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env });
    let tail = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-4096);
    });
    child.on('close', (code) => {
      const counts = [...tail.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)].pop();
      done({ code: code ?? 1, passed: Number(counts?.[1] ?? 0), failed: Number(counts?.[2] ?? (code === 0 ? 0 : 1)) });
    });
  });
}

async function main(): Promise<number> {
  if (!slurmInstalled()) {
    console.error('slurm: the Debian packages slurm-wlm and munge are not installed (.ci/run installs them: apt-get install slurm-wlm munge)');
    return 1;
  }
  return withSlurmCluster({}, async (cluster) => {
    console.log(`slurm: test cluster up (SLURM_CONF=${cluster.conf})`);
    const env = { ...cluster.env, RUNLENS_TEST_NODE_LOCAL: cluster.nodeLocal };
    const only = process.env.RUNLENS_TEST_FILES?.split(',').map((f) => `out/test/slurm/${f}`) ?? ['out/test/slurm/**/*.test.js'];
    const suites = [await step([resolve(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js'),
      '--enable-source-maps', '--timeout', '240000', '--reporter', 'test/support/summary-reporter.cjs', ...only], env)];
    if (process.env.RUNLENS_SLURM_E2E !== '0') suites.push(await step(['out/test/runners/e2e.js', 'slurm.test'], env));
    const passed = suites.reduce((n, s) => n + s.passed, 0);
    const failed = suites.reduce((n, s) => n + s.failed, 0);
    console.log(`\nslurm: ${passed} passed, ${failed} failed`);
    return suites.every((s) => s.code === 0) ? 0 : 1;
  });
}

main().then((code) => { process.exitCode = code; }, (e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
