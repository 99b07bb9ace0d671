// A real single-node Slurm cluster for the Slurm suite (/work/shared/notes/slurm-in-ci.md): munged,
// slurmctld and slurmd started as root with everything (key, socket, state, logs, SLURM_CONF) under
// one temp folder, and stopped again by the pids in their pid files. slurmd runs in a mount
// namespace of its own with a tmpfs over `nodeLocal`, so that folder is node-local: what the
// submitter writes there no job sees, as on a cluster whose /tmp is per node. Stopping it also ends
// every job step and task, and whatever was started with its SLURM_CONF (test/support/slurmProcesses.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { clusterProcesses, mountNamespace, signalAll } from './slurmProcesses';

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

/** Options of {@link startSlurmCluster}. */
export interface ClusterOptions {
  /** The controller's MaxArraySize (Slurm's default 1001): lower splits a sweep into more arrays. */
  readonly maxArraySize?: number;
  /** The controller's MaxJobCount (default 10000; ended jobs count until MinJobAge, 10 minutes here). */
  readonly maxJobCount?: number;
}

function slurmConf(dir: string, port: number, options: ClusterOptions): string {
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
    ...(options.maxArraySize !== undefined ? [`MaxArraySize=${options.maxArraySize}`] : []),
    ...(options.maxJobCount !== undefined ? [`MaxJobCount=${options.maxJobCount}`] : []),
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

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts the cluster; resolves once `sinfo` shows the node idle. */
export async function startSlurmCluster(options: ClusterOptions = {}): Promise<SlurmCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'runlens-slurm-'));
  for (const d of ['state', 'spool', 'nodelocal']) mkdirSync(join(dir, d));
  const conf = join(dir, 'slurm.conf');
  writeFileSync(join(dir, 'munge.key'), randomBytes(1024));
  chmodSync(join(dir, 'munge.key'), 0o400);
  writeFileSync(conf, slurmConf(dir, freePortPair(), options));
  const env: NodeJS.ProcessEnv = { ...process.env, SLURM_CONF: conf };
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= (async () => {
    const pids = ['slurmd.pid', 'slurmctld.pid', 'munged.pid'].map((f) => pidOf(join(dir, f))).filter((p): p is number => p !== undefined);
    // slurmd's namespace holds its job steps and tasks, which outlive slurmd: found before it goes.
    const slurmd = pidOf(join(dir, 'slurmd.pid'));
    const ns = slurmd === undefined ? undefined : mountNamespace(slurmd);
    signalAll(pids, 'SIGTERM');
    signalAll(clusterProcesses(conf, ns), 'SIGKILL');
    const deadline = Date.now() + 30_000;
    while ((pids.some(running) || clusterProcesses(conf, ns).length > 0) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
    signalAll([...pids.filter(running), ...clusterProcesses(conf, ns)], 'SIGKILL');
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  })());
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

/** Signals that end a test run, with their numbers (the exit code is 128 + the number). */
const STOP_SIGNALS: readonly (readonly [NodeJS.Signals, number])[] = [['SIGTERM', 15], ['SIGINT', 2], ['SIGHUP', 1]];

/**
 * Runs `fn` with a cluster started for it and stops the cluster afterwards, also when this process
 * is told to stop (SIGTERM, SIGINT, SIGHUP) meanwhile: it then stops the cluster (its jobs and
 * whatever runs with its SLURM_CONF included) and exits with 128 + the signal's number.
 */
export async function withSlurmCluster<T>(options: ClusterOptions, fn: (cluster: SlurmCluster) => Promise<T>): Promise<T> {
  const starting = startSlurmCluster(options);
  const handlers = STOP_SIGNALS.map(([sig, n]) => {
    const handler = (): void => {
      console.error(`slurm: ${sig}: stopping the test cluster`);
      void starting.then((c) => c.stop(), () => undefined).finally(() => process.exit(128 + n));
    };
    process.on(sig, handler);
    return [sig, handler] as const;
  });
  try {
    const cluster = await starting;
    try {
      return await fn(cluster);
    } finally {
      await cluster.stop();
    }
  } finally {
    for (const [sig, handler] of handlers) process.off(sig, handler);
  }
}
