// A real single-node Slurm cluster for the Slurm suite (/work/shared/notes/slurm-in-ci.md): munged,
// slurmctld and slurmd started as root with everything (key, socket, state, logs, SLURM_CONF) under
// one temp folder, and stopped again by the pids in their pid files. slurmd runs in a mount
// namespace of its own with a tmpfs over `nodeLocal`, so that folder is node-local: what the
// submitter writes there no job sees, as on a cluster whose /tmp is per node.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A running test cluster. */
export interface SlurmCluster {
  readonly dir: string;
  /** The SLURM_CONF every Slurm tool and the CLI under test must see. */
  readonly conf: string;
  /** A folder the submitter sees and the compute node does not. */
  readonly nodeLocal: string;
  /** The environment for processes that talk to the cluster. */
  readonly env: NodeJS.ProcessEnv;
  /** Stops the daemons (by their pid files), waits for them to exit, removes the folder. */
  stop(): Promise<void>;
}

const DAEMONS = ['/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd'];

/** True when the Debian packages are installed (`.ci/run` installs them). */
export function slurmInstalled(): boolean {
  return DAEMONS.every((d) => existsSync(d));
}

function freePortPair(): number {
  // Two consecutive ports in a range few services use; a clash shows up as a failed start.
  return 20000 + 2 * Math.floor(Math.random() * 10000);
}

function slurmConf(dir: string, port: number): string {
  const host = hostname();
  return [
    'ClusterName=runlenstest', `SlurmctldHost=${host}`, 'SlurmUser=root', 'SlurmdUser=root',
    'AuthType=auth/munge', `AuthInfo=socket=${join(dir, 'munge.socket')}`, 'CredType=cred/munge',
    `StateSaveLocation=${join(dir, 'state')}`, `SlurmdSpoolDir=${join(dir, 'spool')}`,
    `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`, `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
    `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`, `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
    `SlurmctldPort=${port}`, `SlurmdPort=${port + 1}`,
    'ProctrackType=proctrack/linuxproc', 'TaskPlugin=task/none', 'JobAcctGatherType=jobacct_gather/none',
    'SelectType=select/cons_tres', 'SelectTypeParameters=CR_Core', 'ReturnToService=2',
    // Quick ends for the TIMEOUT test; ended jobs stay visible to squeue for 10 minutes.
    'KillWait=2', 'OverTimeLimit=0', 'MinJobAge=600', 'SlurmdParameters=config_overrides',
    `NodeName=${host} CPUs=4 RealMemory=2000 State=UNKNOWN`,
    `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
    '',
  ].join('\n');
}

function pidOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined; // that daemon never started
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the cluster; resolves once `sinfo` shows the node idle. */
export async function startSlurmCluster(): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'runlens-slurm-'));
  for (const d of ['state', 'spool', 'nodelocal']) mkdirSync(join(dir, d));
  const conf = join(dir, 'slurm.conf');
  writeFileSync(join(dir, 'munge.key'), randomBytes(1024));
  chmodSync(join(dir, 'munge.key'), 0o400);
  writeFileSync(conf, slurmConf(dir, freePortPair()));
  const env: NodeJS.ProcessEnv = { ...process.env, SLURM_CONF: conf };
  const stop = async (): Promise<void> => {
    const pids = ['slurmd.pid', 'slurmctld.pid', 'munged.pid'].map((f) => pidOf(join(dir, f))).filter((p): p is number => p !== undefined);
    for (const pid of pids) signal(pid, 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (pids.some(running) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    for (const pid of pids.filter(running)) signal(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    execFileSync('/usr/sbin/munged', ['--force', `--socket=${join(dir, 'munge.socket')}`, `--key-file=${join(dir, 'munge.key')}`,
      `--log-file=${join(dir, 'munged.log')}`, `--pid-file=${join(dir, 'munged.pid')}`, `--seed-file=${join(dir, 'munged.seed')}`]);
    execFileSync('/usr/sbin/slurmctld', [], { env });
    // The node's own view of the filesystem: `nodelocal` is a fresh tmpfs there.
    execFileSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs none "$1" && exec /usr/sbin/slurmd', 'sh', join(dir, 'nodelocal')], { env });
    await waitForIdle(env, dir);
  } catch (e) {
    const logs = ['slurmctld.log', 'slurmd.log'].map((f) => `${f}:\n${existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8').slice(-2000) : '(none)'}`).join('\n');
    await stop();
    throw new Error(`could not start the test Slurm cluster: ${(e as Error).message}\n${logs}`);
  }
  return { dir, conf, nodeLocal: join(dir, 'nodelocal'), env, stop };
}

/** Waits on the node's state (sinfo), giving up after a minute. */
async function waitForIdle(env: NodeJS.ProcessEnv, dir: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const r = spawnSync('sinfo', ['-h', '-o', '%t'], { env, encoding: 'utf8' });
    if (r.status === 0 && /^idle/m.test(r.stdout)) return;
    if (Date.now() > deadline) throw new Error(`the node did not become idle (sinfo: ${r.stdout.trim() || r.stderr.trim()}) in ${dir}`);
    await new Promise((res) => setTimeout(res, 250));
  }
}
