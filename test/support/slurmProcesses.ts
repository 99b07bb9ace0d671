// Finds every process that belongs to one test Slurm cluster, so stopping it leaves nothing behind:
// slurmd's job steps and tasks (slurmstepd daemonizes out of every process group, and survives
// slurmd) share slurmd's private mount namespace, and whatever was started for the cluster (the
// suites, the CLIs they spawn) carries its SLURM_CONF in its environment. Linux /proc only.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The mount namespace of `pid` (`mnt:[4026532174]`), or undefined when it has gone. */
export function mountNamespace(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch {
    return undefined; // the process has exited
  }
}

function environHas(pid: number, entry: string): boolean {
  try {
    const env = readFileSync(`/proc/${pid}/environ`);
    const first = Buffer.from(`${entry}\0`);
    return env.subarray(0, first.length).equals(first) || env.includes(Buffer.from(`\0${entry}\0`));
  } catch {
    return false; // gone, or not ours to read
  }
}

/**
 * Pids (never this process's) living in mount namespace `ns` (slurmd's own, so none of the host's)
 * or whose environment holds `SLURM_CONF=<conf>`.
 */
export function clusterProcesses(conf: string, ns: string | undefined): number[] {
  const self = new Set([process.pid, process.ppid]);
  // Never the host's namespace (slurmd not started in its own one): that would be every process.
  const own = ns !== undefined && ns !== mountNamespace(process.pid) ? ns : undefined;
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (self.has(pid)) continue;
    if ((own !== undefined && mountNamespace(pid) === own) || environHas(pid, `SLURM_CONF=${conf}`)) out.push(pid);
  }
  return out;
}

/** Sends `sig` to each pid that still exists. */
export function signalAll(pids: readonly number[], sig: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}
